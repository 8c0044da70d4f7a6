/* corridormap: map panes, framing with room for the legend, and labels placed by priority.
   Plain Leaflet 1.9, no other library. (c) corridormap, same licence as the project. */
(function () {
  "use strict";
  // Label positions around a symbol: direction (x, y) times the gap, then the text's own shift (%).
  var AROUND = [[1, 0, 0, -50], [-1, 0, -100, -50], [0, -1, -50, -100], [0, 1, -50, 0],
    [0.8, -0.8, 0, -100], [-0.8, -0.8, -100, -100], [0.8, 0.8, 0, 0], [-0.8, 0.8, -100, 0]];
  var CENTRED = [[0, 0, -50, -50]];

  function hit(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function boxes(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (e) {
      return e.getBoundingClientRect();
    }).filter(function (r) { return r.width > 0 && r.height > 0; });
  }

  function placeLabels(map) {
    var frame = map.getContainer().getBoundingClientRect();
    var taken = boxes(".cm-port, .cm-city, #cm-legend, .leaflet-control, .cm-title, .cm-attrib");
    var zoom = map.getZoom();
    var base = map.cmBaseZoom === undefined ? zoom : map.cmBaseZoom;
    var labels = (window.cmLabels || []).slice().sort(function (a, b) { return a.prio - b.prio; });
    labels.forEach(function (l) {
      var el = l.layer.getElement ? l.layer.getElement() : null;
      if (!el) { return; }
      var span = el.firstChild;
      el.style.visibility = "hidden";
      if (zoom < base + l.rank - 0.01) { return; }
      var cands = l.r < 0 ? CENTRED : AROUND;
      var gap = Math.max(l.r, 0) + 3;
      for (var i = 0; i < cands.length; i++) {
        var c = cands[i];
        span.style.transform = "translate(" + c[0] * gap + "px," + c[1] * gap + "px) translate(" +
          c[2] + "%," + c[3] + "%)";
        var r = span.getBoundingClientRect();
        if (r.left < frame.left || r.right > frame.right || r.top < frame.top ||
            r.bottom > frame.bottom) { continue; }
        if (taken.some(function (t) { return hit(t, r); })) { continue; }
        taken.push(r);
        el.style.visibility = "visible";
        return;
      }
    });
  }

  // Frame the map before any layer is added, so the layers are drawn once, at the final view.
  window.cmFrame = function (map, opts) {
    var fit = function () {
      var size = map.getSize();
      var legend = document.getElementById("cm-legend");
      var right = legend ? legend.getBoundingClientRect().width + 24 : 12;
      // The source line wraps on a narrow map: keep what is framed above it.
      var attrib = document.querySelector(".cm-attrib");
      var bottom = Math.max(26, attrib ? attrib.getBoundingClientRect().height + 10 : 0);
      if (size.x < right + 120 || size.y < bottom + 120) {  // hidden (a closed tab) or tiny: wait
        map.once("resize", fit);
        return;
      }
      map.fitBounds(opts.bounds, {paddingTopLeft: [54, 44], paddingBottomRight: [right, bottom],
        animate: false});
      map.cmBaseZoom = map.getZoom();
      if (map.cmReady) { placeLabels(map); }
    };
    fit();
  };

  // Once every layer is on the map: place the labels now and after each change of view.
  window.cmSetup = function (map) {
    // Place once the renderers have redrawn the symbols for the new view.
    var later = function () { window.requestAnimationFrame(function () { placeLabels(map); }); };
    map.on("zoomend moveend overlayadd overlayremove", later);
    var legend = document.getElementById("cm-legend");
    if (legend) { legend.addEventListener("toggle", later); }
    map.cmReady = true;
    if (map.cmBaseZoom !== undefined) { placeLabels(map); }
  };

  window.cmPanes = function (map, panes) {
    Object.keys(panes).forEach(function (name) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(panes[name]);
      if (name === "cmLabels") { pane.style.pointerEvents = "none"; }
    });
  };
}());
