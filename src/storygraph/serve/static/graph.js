/* storygraph workbench: what the graph page adds to the shared viewer (viewer.js): nodes
 * without an edge hidden unless asked for, edge labels only on hover, a click opens the
 * node's page, and a first view close enough to read the labels. */
(function () {
  "use strict";
  var sg = window.storygraph;
  var form = document.getElementById("sg-controls");
  if (!sg || !form) return;
  var idNs = form.dataset.idNs;
  var embedded = form.dataset.embed === "1";
  if (embedded) {  // inside another page (the entity page): the drawing alone
    ["sg-header", "sg-side"].forEach(function (id) {
      var part = document.getElementById(id);
      if (part) part.style.display = "none";
    });
    document.body.style.overflow = "hidden";
    var box = document.getElementById("sg-graph");
    box.style.height = window.innerHeight + "px";
    box.style.flex = "none";
    box.style.width = "100%";
    sg.network.setSize(window.innerWidth + "px", window.innerHeight + "px");
    sg.network.redraw();
  }
  var network = sg.network;

  var degree = new Map();
  sg.nodes.forEach(function (node) { degree.set(node.id, 0); });
  sg.edges.forEach(function (edge) {
    degree.set(edge.from, (degree.get(edge.from) || 0) + 1);
    degree.set(edge.to, (degree.get(edge.to) || 0) + 1);
  });
  var isolated = sg.nodes.getIds().filter(function (id) { return !degree.get(id); });
  var toggle = document.getElementById("sg-isolated");

  function visibleIds() {
    return sg.nodes.getIds().filter(function (id) { return !sg.nodes.get(id).hidden; });
  }
  function frame() {
    var ids = visibleIds();
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    var focus = form.dataset.focus;
    var target = focus && sg.nodes.get(focus) ? focus : null;
    if (!embedded && network.getScale() < 0.55) {
      if (!target) {
        target = ids.reduce(function (best, id) {
          return (sg.nodes.get(id).size || 0) > (sg.nodes.get(best).size || 0) ? id : best;
        }, ids[0]);
      }
      network.moveTo({ position: network.getPositions([target])[target], scale: 0.55, animation: false });
    }
  }
  function showIsolated(show) {
    sg.nodes.update(isolated.map(function (id) { return { id: id, hidden: !show }; }));
    frame();
  }
  if (toggle) {
    toggle.checked = false;
    toggle.addEventListener("change", function () { showIsolated(toggle.checked); });
  }
  showIsolated(false);

  var labels = new Map();
  sg.edges.forEach(function (edge) { labels.set(edge.id, edge.label || ""); });
  sg.edges.update(sg.edges.getIds().map(function (id) { return { id: id, label: " " }; }));
  network.on("hoverEdge", function (params) {
    sg.edges.update({ id: params.edge, label: labels.get(params.edge) });
  });
  network.on("blurEdge", function (params) {
    sg.edges.update({ id: params.edge, label: " " });
  });

  function pageOf(id) {
    if (id.indexOf(idNs) === 0) {
      var key = id.slice(idNs.length);
      if (key.indexOf("article/") === 0 && key.indexOf("/", 8) < 0) {
        return "/article/" + encodeURIComponent(key.slice(8));
      }
      return "/entity/" + key.split("/").map(encodeURIComponent).join("/");
    }
    return "/entity?iri=" + encodeURIComponent(id);
  }
  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var target = embedded ? window.top : window;
    target.location.href = pageOf(params.nodes[0]);
  });
  sg.pageOf = pageOf;
  sg.isolated = isolated;
})();
