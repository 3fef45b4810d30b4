/* storygraph workbench: the timeline page. Items come from the page's JSON; every text is
 * set with textContent (vis-timeline's `content` takes a DOM element here, never HTML). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sg-timeline-data").textContent);
  var container = document.getElementById("sg-timeline");

  function element(item) {
    var box = document.createElement("span");
    box.className = "sg-tl-item";
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.label || item.event;
    box.appendChild(link);
    if (item.conflict) {
      var mark = document.createElement("span");
      mark.className = "sg-tl-conflict";
      mark.textContent = " \u26a0";
      mark.title = "conflicting dates: " + item.conflict;
      box.appendChild(mark);
    }
    return box;
  }

  function tooltip(item) {
    var lines = [item.label, "\u201c" + item.when + "\u201d: " + item.start +
      (item.end !== item.start ? " \u2013 " + item.end : ""), item.outlet];
    if (item.conflict) lines.push("conflicting dates: " + item.conflict);
    if (item.sentence) lines.push("\u201c" + item.sentence + "\u201d");
    return lines.join("\n");
  }

  function dayAfter(day) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  var items = new vis.DataSet(data.events.map(function (item) {
    var ranged = item.end !== item.start;
    return {
      id: item.id,
      group: item.group,
      content: element(item),
      start: item.start,
      end: ranged ? dayAfter(item.end) : undefined,
      type: ranged ? "range" : "box",
      title: tooltip(item),
      className: item.conflict ? "sg-conflict" : "",
      sgUrl: item.url,
    };
  }));
  var groups = new vis.DataSet(data.groups.map(function (g) {
    var label = document.createElement("span");
    label.textContent = g.content;
    return { id: g.id, content: label };
  }));
  // the story's own span, not today's: from the first start to the last end, with a margin
  var bounds = data.events.reduce(function (b, item) {
    var end = dayAfter(item.end);
    return [b[0] === null || item.start < b[0] ? item.start : b[0], b[1] === null || end > b[1] ? end : b[1]];
  }, [null, null]);
  var span = bounds[0] ? Date.parse(bounds[1]) - Date.parse(bounds[0]) : 0;
  var margin = Math.max(span * 0.15, 3 * 86400000);
  var timeline = new vis.Timeline(container, items, groups, {
    showCurrentTime: false,
    onInitialDrawComplete: function () {
      if (bounds[0]) {
        timeline.setWindow(new Date(Date.parse(bounds[0]) - margin),
          new Date(Date.parse(bounds[1]) + margin), { animation: false });
      }
      ready();
    },
    stack: true,
    zoomKey: "ctrlKey",
    orientation: "top",
    margin: { item: 6 },
    tooltip: { followMouse: true, overflowMethod: "cap" },
    xss: { disabled: false },
  });
  timeline.on("doubleClick", function (props) {
    if (props.item === null) return;
    var item = items.get(props.item);
    if (item && item.sgUrl) window.location.href = item.sgUrl;
  });
  window.storygraphTimeline = { timeline: timeline, items: items, data: data };
  function ready() {
    window.storygraphReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (!data.events.length) ready();
})();
