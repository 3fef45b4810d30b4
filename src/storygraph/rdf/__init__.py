"""Records to RDF: the vocabulary, term writers and the minter (the only place IRIs are made)."""
