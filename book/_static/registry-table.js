/* The full claims registry as a filterable, sortable table that works offline.
   Data: _static/registry-data.js (window.EV_REGISTRY, written by the build from
   data/claims/*.csv); no network, no library. */
(function () {
  "use strict";
  const COLUMNS = ["id", "chapter", "source", "quantity", "published", "unit", "status",
                   "basis", "reproduced", "diagnosis"];
  function text(value) { return value === undefined || value === null ? "" : String(value); }
  function build(root, rows) {
    root.innerHTML = "";
    const controls = document.createElement("div");
    controls.className = "registry-controls";
    const search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Filter: any words (id, quantity, diagnosis…)";
    search.setAttribute("aria-label", "Filter the registry");
    const selects = {};
    for (const key of ["chapter", "status", "basis"]) {
      const select = document.createElement("select");
      select.setAttribute("aria-label", "Filter by " + key);
      const values = [...new Set(rows.map((r) => text(r[key])))].filter((v) => v).sort();
      select.innerHTML = `<option value="">all ${key === "basis" ? "bases" : key + "s"}</option>` +
        values.map((v) => `<option>${v}</option>`).join("");
      selects[key] = select;
      controls.appendChild(select);
    }
    controls.prepend(search);
    const count = document.createElement("span");
    count.className = "registry-count";
    controls.appendChild(count);
    root.appendChild(controls);
    const box = document.createElement("div");
    box.className = "registry-scroll";
    const table = document.createElement("table");
    table.className = "registry-table";
    const head = document.createElement("thead");
    head.innerHTML = "<tr>" + COLUMNS.map((c) => `<th scope="col" data-key="${c}" tabindex="0">${c}</th>`).join("") + "</tr>";
    const body = document.createElement("tbody");
    table.append(head, body);
    box.appendChild(table);
    root.appendChild(box);
    let sortKey = "id", sortUp = true;
    function render() {
      const words = search.value.toLowerCase().split(/\s+/).filter((w) => w);
      const shown = rows.filter((r) => {
        for (const key in selects) {
          if (selects[key].value && text(r[key]) !== selects[key].value) return false;
        }
        const hay = COLUMNS.map((c) => text(r[c])).join(" ").toLowerCase();
        return words.every((w) => hay.includes(w));
      });
      shown.sort((a, b) => {
        const x = text(a[sortKey]), y = text(b[sortKey]);
        const nx = parseFloat(x), ny = parseFloat(y);
        const cmp = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
          ? nx - ny : x.localeCompare(y);
        return sortUp ? cmp : -cmp;
      });
      body.innerHTML = "";
      const fragment = document.createDocumentFragment();
      for (const r of shown) {
        const tr = document.createElement("tr");
        for (const c of COLUMNS) {
          const td = document.createElement("td");
          td.textContent = text(r[c]);
          td.className = "col-" + c;
          tr.appendChild(td);
        }
        fragment.appendChild(tr);
      }
      body.appendChild(fragment);
      count.textContent = `${shown.length} of ${rows.length} claims`;
      for (const th of head.querySelectorAll("th")) {
        th.setAttribute("aria-sort", th.dataset.key === sortKey ? (sortUp ? "ascending" : "descending") : "none");
      }
    }
    function sortBy(key) { sortUp = key === sortKey ? !sortUp : true; sortKey = key; render(); }
    head.addEventListener("click", (e) => { if (e.target.dataset.key) sortBy(e.target.dataset.key); });
    head.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && e.target.dataset.key) { e.preventDefault(); sortBy(e.target.dataset.key); }
    });
    search.addEventListener("input", render);
    for (const key in selects) selects[key].addEventListener("change", render);
    render();
  }
  function start() {
    const root = document.getElementById("registry-table");
    if (root && Array.isArray(window.EV_REGISTRY)) build(root, window.EV_REGISTRY);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
