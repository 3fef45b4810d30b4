/* storygraph workbench: the SPARQL editor (YASGUI) against this server's /sparql. Nothing is
 * fetched from elsewhere: the autocompleters that ask remote services are switched off, and
 * the endpoint is fixed to this server's. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sg-sparql-data").textContent);
  var endpoint = window.location.origin + "/sparql";
  var header = Object.keys(data.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + data.prefixes[p] + ">";
  }).join("\n");
  var start = data.query || (data.named.length ? data.named[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  var yasgui = new Yasgui(document.getElementById("sg-yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    yasqe: { value: start, resizeable: true, editorHeight: "260px" },
    yasr: { prefixes: data.prefixes },
  });
  function tab() { return yasgui.getTab(); }
  function show(text) {
    var yasqe = tab().getYasqe();
    yasqe.setValue(text);
  }
  document.querySelectorAll(".sg-named-query").forEach(function (button) {
    button.addEventListener("click", function () {
      var named = data.named.filter(function (q) { return q.name === button.dataset.name; })[0];
      if (!named) return;
      show(named.text);
      tab().getYasqe().query();
    });
  });
  window.storygraphSparql = { yasgui: yasgui, header: header };
  window.storygraphReady = true;
  document.body.setAttribute("data-ready", "true");
})();
