/* storygraph viewer. All text reaches the page through textContent or vis-network's plain-text
 * tooltips: never through innerHTML. Positions come precomputed, so physics stays off. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("sg-data").textContent);
  var container = document.getElementById("sg-graph");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var nodeInfo = new Map();
  data.nodes.forEach(function (node, i) { nodeInfo.set(node.id, data.info[i]); });
  var edgeInfo = new Map();
  data.edges.forEach(function (edge, i) { edgeInfo.set(edge.id, data.edgeInfo[i]); });

  window.storygraph = { network: network, nodes: nodes, edges: edges, nodeInfo: nodeInfo };

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  var title = document.getElementById("sg-details-title");
  var hint = document.getElementById("sg-details-hint");
  var facts = document.getElementById("sg-details-facts");
  var mentions = document.getElementById("sg-details-mentions");

  function showFacts(heading, pairs) {
    title.textContent = heading;
    title.classList.add("sg-selected");
    hint.hidden = true;
    clear(facts);
    clear(mentions);
    pairs.forEach(function (pair) {
      facts.appendChild(el("dt", pair[0]));
      facts.appendChild(el("dd", pair[1]));
    });
  }

  function showNode(id) {
    var info = nodeInfo.get(id);
    if (!info) return;
    showFacts(info.label, info.facts);
    info.mentions.forEach(function (text) {
      var li = el("li");
      var cut = text.indexOf(" \u2014 ");
      if (cut > 0) {
        li.appendChild(el("span", text.slice(0, cut), "sg-anchor"));
        li.appendChild(document.createTextNode(text.slice(cut)));
      } else {
        li.textContent = text;
      }
      mentions.appendChild(li);
    });
  }

  function showEdge(id) {
    var info = edgeInfo.get(id);
    if (info) showFacts(info.title, info.facts);
  }

  function showNothing() {
    title.textContent = "Details";
    title.classList.remove("sg-selected");
    hint.hidden = false;
    clear(facts);
    clear(mentions);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showNothing();
  });

  // search: exact label first, then a label that starts with the text, then one containing it
  var labels = data.nodes.map(function (node, i) {
    return { id: node.id, label: data.info[i].label, folded: data.info[i].label.toLowerCase() };
  });
  var datalist = document.getElementById("sg-labels");
  var seen = new Set();
  labels.forEach(function (item) {
    if (seen.has(item.label)) return;
    seen.add(item.label);
    var option = document.createElement("option");
    option.value = item.label;
    datalist.appendChild(option);
  });

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; },
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < labels.length; i++) {
        if (tests[t](labels[i].folded)) return labels[i].id;
      }
    }
    return null;
  }

  var input = document.getElementById("sg-search-input");
  var status = document.getElementById("sg-search-status");

  function select(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showNode(id);
  }

  function search() {
    var id = find(input.value);
    status.textContent = id === null && input.value.trim() ? "no match" : "";
    if (id !== null) select(id);
  }

  document.getElementById("sg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener("change", search);
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });

  window.storygraph.find = find;
  window.storygraph.select = select;

  network.once("afterDrawing", function () {
    window.storygraphReadyMs = Math.round(performance.now());
    window.storygraphReady = true;
    document.body.setAttribute("data-ready", "true");
  });
  network.fit({ animation: false });
  // fit() frames the nodes' centres: leave room for the labels at the edges
  network.moveTo({ scale: network.getScale() * 0.92, animation: false });
})();
