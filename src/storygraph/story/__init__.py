"""What spans articles: identity across articles, claim links, sources, the story timeline."""
