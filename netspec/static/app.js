// netspec serve: the page. The spec is edited in a plain textarea; a layer under it marks the
// lines with problems. Every pause in typing posts the text to /api/check, which answers with
// the check table, the picture (SVG) or the diagnostics. Text from the spec only ever reaches
// the page as textContent, never as HTML; the SVG is parsed as XML and cleaned before use.

const DEBOUNCE_MS = 300;
const ZOOM_MIN = 0.1;
const ZOOM_MAX = 4;
const $ = (id) => document.getElementById(id);

const ui = {
  source: $("source"), code: $("code"), peek: $("peek"), numbers: $("numbers"), gutterInner: $("gutter-inner"),
  gutterMarks: $("gutter-marks"), layerHl: $("layer-hl"), layerText: $("layer-text"),
  problems: $("problems"), problemCounts: $("problem-counts"), status: $("status"),
  name: $("net-name"), desc: $("net-desc"), right: $("right"), stale: $("stale"),
  picture: $("picture"), pictureEmpty: $("picture-empty"), table: $("table"),
  totals: $("totals"), zoomLevel: $("zoom-level"), fileName: $("file-name"), dirty: $("dirty"),
  save: $("save"), download: $("download"), example: $("example"), toast: $("toast"),
};

const state = {
  mode: "example", file: "", version: null, saved: "", max: 1 << 20, examples: [],
  seq: 0, applied: 0, timer: 0, diagnostics: [], good: null, cells: new Map(),
  zoom: 1, fit: "width", natural: null, lines: new Map(),
};

// --- talking to the server ---------------------------------------------------------------------

async function api(path, body, headers = {}) {
  const init = body === undefined ? {} : {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Netspec": "1", ...headers },
  };
  const response = await fetch(path, init);
  let data;
  try {
    data = await response.json();
  } catch {
    data = { error: `the server answered ${response.status}` };
  }
  return { status: response.status, ok: response.ok, data };
}

async function start() {
  const { ok, data } = await api("/api/state");
  if (!ok) return showToast(data.error || "cannot load the page's state", true);
  Object.assign(state, { mode: data.mode, file: data.file, max: data.max, examples: data.examples });
  state.version = data.version ?? null;
  if (data.mode === "file") {
    ui.fileName.textContent = data.file.split(/[\\/]/).pop();
    ui.fileName.title = data.file;
    ui.save.hidden = false;
    state.saved = data.exists ? data.text : null;
  } else {
    $("file-box").hidden = true;
    $("example-box").hidden = false;
    $("example-note").hidden = false;
    fillExamples(data.examples, data.example);
    state.saved = data.text;
  }
  setText(data.text);
  ui.source.focus({ preventScroll: true });
}

function fillExamples(examples, selected) {
  for (const example of examples) {
    const option = document.createElement("option");
    option.value = example.key;
    option.textContent = example.summary ? `${example.name} — ${example.summary}` : example.name;
    option.title = example.description;
    option.selected = example.key === selected;
    ui.example.append(option);
  }
}

async function chooseExample() {
  const key = ui.example.value;
  if (isDirty() && !confirm("Discard your edits and open another example?")) {
    ui.example.value = state.current;
    return;
  }
  const { ok, data } = await api(`/api/example?name=${encodeURIComponent(key)}`);
  if (!ok) return showToast(data.error, true);
  state.saved = data.text;
  state.fit = "width";
  state.cells = new Map();  // another network: nothing to compare its cells with
  setText(data.text);
}

function setText(text) {
  ui.source.value = text;  // the caret goes to the end: bring it, and the view, to the top
  ui.source.setSelectionRange(0, 0);
  ui.source.scrollTop = 0;
  ui.source.scrollLeft = 0;
  state.current = ui.example.value;
  edited(true);
}

function edited(now = false) {
  updateDirty();
  renderGutter();
  renderMarks();
  setStatus("pending", "checking…");
  clearTimeout(state.timer);
  state.timer = setTimeout(check, now ? 0 : DEBOUNCE_MS);
}

async function check() {
  const text = ui.source.value;
  const seq = ++state.seq;
  let result;
  if (new TextEncoder().encode(text).length > state.max) {
    result = { ok: false, diagnostics: [problem(`the spec is larger than ${state.max / 1024} KiB`)] };
  } else {
    const { ok, data } = await api("/api/check", text).catch(
      () => ({ ok: false, data: { error: "the server is not answering (was it stopped?)" } }));
    result = ok ? data : { ok: false, diagnostics: [problem(data.error)] };
  }
  if (seq < state.applied) return;
  state.applied = seq;
  show(result, seq === state.seq);
}

function problem(message) {
  return { severity: "error", line: null, col: null, layer: null, message, hint: null };
}

async function save(force = false) {
  if (state.mode !== "file") return download();
  const text = ui.source.value;
  const headers = { "X-Netspec-Base": state.version || "" };
  if (force) headers["X-Netspec-Force"] = "1";
  const { status, ok, data } = await api("/api/save", text, headers).catch(
    () => ({ status: 0, ok: false, data: { error: "the server is not answering" } }));
  if (status === 409) {
    if (confirm(`${data.error}. Replace it with the text in this page?`)) return save(true);
    return;
  }
  if (!ok) return showToast(data.error || "could not save", true);
  state.version = data.version;
  state.saved = text;
  updateDirty(true);
  const errors = state.diagnostics.filter((d) => d.severity === "error").length;
  showToast(errors ? `Saved ${state.file} (it still has ${plural(errors, "problem")})`
    : `Saved ${state.file}`);
}

function download() {
  const name = (state.good && state.good.name) || "spec";
  const blob = new Blob([ui.source.value], { type: "application/x-yaml" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${name.replace(/[^\w.-]+/g, "_")}.yaml`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// --- showing a result --------------------------------------------------------------------------

function show(result, latest) {
  state.diagnostics = result.diagnostics || [];
  renderMarks();
  renderProblems();
  const errors = state.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = state.diagnostics.length - errors;
  if (latest) {
    if (errors) setStatus("error", plural(errors, "error"));
    else if (warnings) setStatus("warning", `valid, ${plural(warnings, "warning")}`);
    else setStatus("ok", "✓ valid");
  }
  if (result.ok) {
    state.good = result;
    renderHeader(result);
    renderTable(result);
    renderPicture(result.svg);
  }
  const stale = !result.ok && state.good !== null;
  ui.right.classList.toggle("is-stale", stale);
  ui.stale.hidden = !stale;
}

function setStatus(kind, text) {
  ui.status.className = `status ${kind}`;
  ui.status.textContent = text;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function renderHeader(result) {
  ui.name.textContent = result.name;
  ui.desc.textContent = result.description;
  ui.desc.title = result.description;
  document.title = `${isDirty() && state.mode === "file" ? "• " : ""}${result.name} · netspec`;
  const s = result.summary;
  $("chip-params").textContent = s.params;
  $("chip-macs").textContent = s.macs;
  $("chip-memory").textContent = s.memory;
  $("chip-output").textContent = s.output;
  $("chip-layers").textContent = String(s.layers);
}

function renderTable(result) {
  const header = result.header;
  const numeric = new Set([header.length - 3, header.length - 2, header.length - 1]);
  const head = document.createElement("tr");
  header.forEach((title, i) => head.append(cell("th", title, numeric.has(i) ? "num" : "")));
  ui.table.tHead.replaceChildren(head);
  const before = state.cells;
  const after = new Map();
  state.lines = new Map();
  const body = document.createDocumentFragment();
  for (const row of result.rows) {
    const tr = document.createElement("tr");
    tr.className = row.kind;
    tr.dataset.name = row.name;
    if (row.line) {
      tr.dataset.line = row.line;
      state.lines.set(row.name, row.line);
    }
    const key = `${row.kind}:${row.name}`;
    const old = before.get(key);
    row.cells.forEach((text, i) => {
      const classes = [header[i], numeric.has(i) ? "num" : ""];
      if (old && header[i] in old && old[header[i]] !== text) classes.push("changed");
      const td = cell("td", text, classes.join(" "));
      if (i === 1 && row.colour) {
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = row.colour;
        td.prepend(swatch);
      }
      tr.append(td);
    });
    after.set(key, Object.fromEntries(header.map((title, i) => [title, row.cells[i]])));
    body.append(tr);
  }
  state.cells = after;
  ui.table.tBodies[0].replaceChildren(body);
  renderTotals(result.summary.totals);
}

function renderTotals(lines) {
  const totals = document.createDocumentFragment();
  for (const [label, text] of lines) totals.append(cell("dt", `${label}:`), cell("dd", text));
  ui.totals.replaceChildren(totals);
}

function cell(tag, text, className = "") {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className.trim()) element.className = className.trim();
  return element;
}

// --- the picture: parsed as XML, cleaned, zoomed by its width and height -----------------------

const SVG_BANNED = new Set(["script", "foreignobject", "iframe", "object", "embed", "animate",
  "set", "animatemotion", "animatetransform", "handler", "listener", "style"]);

function cleanSvg(root) {
  for (const element of [...root.querySelectorAll("*")]) {
    if (SVG_BANNED.has(element.localName.toLowerCase())) {
      element.remove();
      continue;
    }
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      const link = name === "href" || name.endsWith(":href");
      if (name.startsWith("on") || (link && !value.startsWith("#")) || name === "style") {
        element.removeAttribute(attribute.name);
      }
    }
  }
  return root;
}

function renderPicture(svgText) {
  const parsed = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.localName !== "svg" || parsed.querySelector("parsererror")) {
    ui.pictureEmpty.textContent = "The picture could not be read.";
    ui.pictureEmpty.hidden = false;
    return;
  }
  const svg = document.importNode(cleanSvg(root), true);
  state.natural = {
    width: parseFloat(root.getAttribute("width")) || 800,
    height: parseFloat(root.getAttribute("height")) || 600,
  };
  const { scrollLeft, scrollTop } = ui.picture;
  ui.picture.querySelector("svg")?.remove();
  ui.pictureEmpty.hidden = true;
  ui.picture.append(svg);
  applyZoom();
  ui.picture.scrollLeft = scrollLeft;
  ui.picture.scrollTop = scrollTop;
}

function fitZoom() {
  // "width" fills the panel's width (readable, scrolls down); "all" shows the whole picture.
  if (!state.natural) return 1;
  const width = (ui.picture.clientWidth - 24) / state.natural.width;
  const height = (ui.picture.clientHeight - 24) / state.natural.height;
  const zoom = state.fit === "all" ? Math.min(width, height) : width;
  return Math.max(ZOOM_MIN, Math.min(1, zoom));
}

function applyZoom() {
  const svg = ui.picture.querySelector("svg");
  if (!svg || !state.natural) return;
  if (state.fit) state.zoom = fitZoom();
  svg.setAttribute("width", String(state.natural.width * state.zoom));
  svg.setAttribute("height", String(state.natural.height * state.zoom));
  ui.zoomLevel.textContent = `${Math.round(state.zoom * 100)}%`;
}

function zoomTo(zoom, clientX, clientY) {
  const box = ui.picture.getBoundingClientRect();
  const x = (clientX ?? box.left + box.width / 2) - box.left;
  const y = (clientY ?? box.top + box.height / 2) - box.top;
  const old = state.zoom;
  state.fit = false;
  state.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zoom));
  const ratio = state.zoom / old;
  const left = (ui.picture.scrollLeft + x) * ratio - x;
  const top = (ui.picture.scrollTop + y) * ratio - y;
  applyZoom();
  ui.picture.scrollLeft = left;
  ui.picture.scrollTop = top;
}

function panPicture() {
  let drag = null;
  ui.picture.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, left: ui.picture.scrollLeft,
      top: ui.picture.scrollTop, moved: false, id: event.pointerId };
  });
  ui.picture.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) > 4) {
      drag.moved = true;
      ui.picture.classList.add("dragging");
      ui.picture.setPointerCapture(drag.id);
    }
    if (drag.moved) {
      ui.picture.scrollLeft = drag.left - dx;
      ui.picture.scrollTop = drag.top - dy;
    }
  });
  const end = (event) => {
    if (drag && !drag.moved && event.type === "pointerup") pictureClick(event);
    drag = null;
    ui.picture.classList.remove("dragging");
  };
  ui.picture.addEventListener("pointerup", end);
  ui.picture.addEventListener("pointercancel", end);
  ui.picture.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    zoomTo(state.zoom * Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
  }, { passive: false });
}

function pictureClick(event) {
  const box = event.target.closest?.("g.layer");
  if (!box) return;
  const name = box.dataset.name;
  selectRow(name, true);
  const line = name === "input" ? state.good?.rows[0]?.line : state.lines.get(name);
  if (line) goToLine(line);
}

function selectRow(name, scroll) {
  for (const tr of ui.table.querySelectorAll("tr.selected")) tr.classList.remove("selected");
  const row = [...ui.table.tBodies[0].rows].find((tr) => tr.dataset.name === name);
  if (!row) return;
  row.classList.add("selected");
  if (scroll) row.scrollIntoView({ block: "nearest" });
}

function revealBox(name) {
  // Scroll the picture so the layer's box is in the middle, and mark it.
  const box = [...ui.picture.querySelectorAll("g.layer")].find((g) => g.dataset.name === name);
  if (!box) return;
  const area = ui.picture.getBoundingClientRect();
  const rect = box.getBoundingClientRect();
  ui.picture.scrollLeft += rect.left + rect.width / 2 - (area.left + area.width / 2);
  ui.picture.scrollTop += rect.top + rect.height / 2 - (area.top + area.height / 2);
  for (const g of ui.picture.querySelectorAll("g.hl-box")) g.classList.remove("hl-box");
  box.classList.add("hl-box");
}

function highlightBox(name, on) {
  for (const g of ui.picture.querySelectorAll("g.layer")) {
    if (g.dataset.name === name) g.classList.toggle("hl-box", on);
  }
}

// --- the editor: line numbers, marks under the text, keys ---------------------------------------

function metrics() {
  const style = getComputedStyle(ui.source);
  return { line: parseFloat(style.lineHeight) || 20, top: parseFloat(style.paddingTop) || 0 };
}

function lineTop(line) {
  const m = metrics();
  return m.top + (line - 1) * m.line;
}

function renderGutter() {
  const count = ui.source.value.split("\n").length;
  if (count !== state.lineCount) {
    state.lineCount = count;
    const numbers = [];
    for (let i = 1; i <= count; i++) numbers.push(i);
    ui.numbers.textContent = numbers.join("\n");
  }
}

function byLine() {
  const marks = new Map();
  for (const d of state.diagnostics) {
    if (!d.line) continue;
    const mark = marks.get(d.line);
    if (!mark || (mark.severity === "warning" && d.severity === "error")) marks.set(d.line, d);
  }
  return marks;
}

function renderMarks() {
  const lines = ui.source.value.split("\n");
  const hl = document.createDocumentFragment();
  const text = document.createDocumentFragment();
  const gutter = document.createDocumentFragment();
  const current = document.createElement("div");
  current.className = "hl current";
  current.id = "current-line";
  hl.append(current);
  for (const [line, d] of byLine()) {
    const top = `${lineTop(line)}px`;
    const severity = d.severity === "warning" ? "warning" : "error";
    const bar = document.createElement("div");
    bar.className = `hl ${severity}`;
    bar.dataset.line = line;
    bar.style.top = top;
    hl.append(bar);
    text.append(markLine(lines[line - 1] ?? "", d, severity, top, line));
    const gline = document.createElement("div");
    gline.className = `gline ${severity}`;
    gline.style.top = top;
    const dot = document.createElement("div");
    dot.className = `gmark ${severity}`;
    dot.dataset.line = line;
    dot.textContent = severity === "error" ? "!" : "";
    dot.title = d.text || d.message;
    dot.style.top = top;
    gutter.append(gline, dot);
  }
  ui.layerHl.replaceChildren(hl);
  ui.layerText.replaceChildren(text);
  ui.gutterMarks.replaceChildren(gutter);
  updateCurrentLine();
  syncScroll();
}

function markLine(source, d, severity, top, line) {
  // The line's own text, invisible, places the squiggle under the word and the message after it.
  const row = document.createElement("div");
  row.className = `tl ${severity}`;
  row.dataset.line = line;
  row.style.top = top;
  const col = Math.max(0, Math.min((d.col || 1) - 1, source.length));
  let word = /^[^\s,:{}[\]]*/.exec(source.slice(col))[0];
  if (!/\w/.test(word)) word = source.slice(col).trimEnd();  // "- {...}": the whole item
  row.append(source.slice(0, col));
  row.append(cell("span", word, "sq"));
  row.append(source.slice(col + word.length));
  const where = d.layer ? `${d.layer}: ` : "";
  row.append(cell("span", `${severity === "error" ? "■" : "▲"} ${where}${d.message}`,
    `lens ${severity}`));
  return row;
}

function syncScroll() {
  const { scrollTop, scrollLeft } = ui.source;
  ui.layerHl.style.transform = `translateY(${-scrollTop}px)`;
  ui.layerText.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
  ui.gutterInner.style.transform = `translateY(${-scrollTop}px)`;
  if (!ui.peek.hidden) updatePeek();
}

function caretLine() {
  return ui.source.value.slice(0, ui.source.selectionStart).split("\n").length;
}

function updateCurrentLine() {
  const line = caretLine();
  const bar = $("current-line");
  if (bar) bar.style.top = `${lineTop(line)}px`;
  updatePeek(line);
}

function updatePeek(line = caretLine()) {
  // The full messages of the caret's line, in a box under it (above it near the bottom).
  const found = state.diagnostics.filter((d) => d.line === line);
  const focused = document.activeElement === ui.source;
  ui.peek.hidden = !found.length || !focused;
  if (ui.peek.hidden) return;
  const items = found.map((d) => {
    const item = cell("div", "", `peek-item ${d.severity === "warning" ? "warning" : "error"}`);
    const head = cell("div", "", "peek-msg");
    if (d.layer) head.append(cell("span", `layer '${d.layer}': `, "layer"));
    head.append(d.message);
    item.append(head);
    if (d.hint) item.append(cell("div", d.hint, "hint"));
    return item;
  });
  ui.peek.replaceChildren(...items);
  const m = metrics();
  const below = lineTop(line) + m.line - ui.source.scrollTop + 2;
  const height = ui.peek.offsetHeight;
  const room = ui.source.clientHeight - below;
  const top = room >= height || below < height ? below : below - m.line - height - 4;
  ui.peek.style.top = `${top}px`;
}

function goToLine(line, flash = true) {
  const lines = ui.source.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const text = lines[line - 1] ?? "";
  const indent = text.length - text.trimStart().length;
  ui.source.focus({ preventScroll: true });
  ui.source.setSelectionRange(start + indent, start + text.length);
  const m = metrics();
  const top = lineTop(line);
  if (top < ui.source.scrollTop || top + m.line > ui.source.scrollTop + ui.source.clientHeight) {
    ui.source.scrollTop = Math.max(0, top - ui.source.clientHeight / 3);
  }
  ui.source.scrollLeft = 0;
  syncScroll();
  updateCurrentLine();
  if (flash) {
    const bar = document.createElement("div");
    bar.className = "hl flash";
    bar.style.top = `${top}px`;
    ui.layerHl.append(bar);
    setTimeout(() => bar.remove(), 1300);
  }
}

function insert(text) {
  // execCommand keeps the browser's undo history; setRangeText is the fallback.
  if (!document.execCommand("insertText", false, text)) {
    const { selectionStart: start, selectionEnd: end } = ui.source;
    ui.source.setRangeText(text, start, end, "end");
    ui.source.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function onKey(event) {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  } else if (event.key === "Tab" && !mod && !event.altKey) {
    event.preventDefault();
    if (event.shiftKey) outdent();
    else insert("  ");
  } else if (event.key === "Enter" && !mod && !event.shiftKey && !event.isComposing) {
    const value = ui.source.value;
    const start = value.lastIndexOf("\n", ui.source.selectionStart - 1) + 1;
    const line = value.slice(start, ui.source.selectionStart);
    let indent = /^\s*/.exec(line)[0];
    if (/:\s*$/.test(line)) indent += "  ";
    event.preventDefault();
    insert(`\n${indent}`);
  }
}

function outdent() {
  const value = ui.source.value;
  const start = value.lastIndexOf("\n", ui.source.selectionStart - 1) + 1;
  const spaces = /^ {1,2}/.exec(value.slice(start))?.[0].length || 0;
  if (!spaces) return;
  const caret = ui.source.selectionStart;
  ui.source.setSelectionRange(start, start + spaces);
  insert("");
  ui.source.setSelectionRange(Math.max(start, caret - spaces), Math.max(start, caret - spaces));
}

// --- problems, saved state, toasts ------------------------------------------------------------

function renderProblems() {
  const list = document.createDocumentFragment();
  const errors = state.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = state.diagnostics.length - errors;
  ui.problemCounts.textContent = state.diagnostics.length
    ? `${plural(errors, "error")}, ${plural(warnings, "warning")}` : "";
  if (!state.diagnostics.length) {
    const li = document.createElement("li");
    li.className = "none";
    li.append(cell("span", "✓", "icon"), cell("span", "No problems: the spec checks."));
    list.append(li);
  }
  for (const d of state.diagnostics) {
    const li = document.createElement("li");
    li.className = d.severity === "warning" ? "warning" : "error";
    if (d.line) li.dataset.line = d.line;
    const message = cell("span", "", "msg");
    if (d.layer) message.append(cell("span", `layer '${d.layer}': `, "layer"));
    message.append(d.message);
    li.append(cell("span", d.severity === "warning" ? "▲" : "■", "icon"),
      cell("span", d.line ? `line ${d.line}:${d.col || 1}` : "", "where"), message);
    if (d.hint) li.append(cell("span", d.hint, "hint"));
    li.title = d.text || d.message;
    list.append(li);
  }
  ui.problems.replaceChildren(list);
}

function isDirty() {
  return ui.source.value !== state.saved;
}

function updateDirty(justSaved = false) {
  if (state.mode !== "file") {
    ui.dirty.textContent = "";
    return;
  }
  const dirty = isDirty();
  ui.save.disabled = !dirty;
  ui.dirty.className = `dirty ${dirty ? "unsaved" : "saved"}`;
  if (state.saved === null) ui.dirty.textContent = "● new file, not saved yet";
  else if (dirty) ui.dirty.textContent = "● unsaved changes";
  else ui.dirty.textContent = justSaved ? `✓ saved ${new Date().toLocaleTimeString()}` : "✓ saved";
  const name = state.good?.name || state.file;
  document.title = `${dirty ? "• " : ""}${name} · netspec`;
}

let toastTimer = 0;
function showToast(message, error = false) {
  ui.toast.textContent = message;
  ui.toast.className = `toast${error ? " error" : ""}`;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, error ? 6000 : 2500);
}

// --- resizable panes -----------------------------------------------------------------------------

function splitter(handle, property, measure) {
  handle.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    const move = (e) => {
      document.documentElement.style.setProperty(property, `${measure(e)}%`);
      if (state.fit) applyZoom();
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
  });
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// --- wiring ------------------------------------------------------------------------------------

function wireEditor() {
  ui.source.addEventListener("input", () => edited());
  ui.source.addEventListener("scroll", syncScroll);
  ui.source.addEventListener("keydown", onKey);
  ui.source.addEventListener("blur", () => { ui.peek.hidden = true; });
  ui.source.addEventListener("focus", () => updatePeek());
  document.addEventListener("selectionchange", () => {
    if (document.activeElement === ui.source) updateCurrentLine();
  });
  ui.save.addEventListener("click", () => save());
  ui.download.addEventListener("click", download);
  ui.example.addEventListener("change", chooseExample);
  window.addEventListener("beforeunload", (event) => {
    if (state.mode === "file" && isDirty()) event.preventDefault();
  });
}

function wireProblems() {
  ui.problems.addEventListener("click", (event) => {
    const li = event.target.closest("li[data-line]");
    if (li) goToLine(Number(li.dataset.line));
  });
  ui.gutterMarks.addEventListener("click", (event) => {
    const line = event.target.dataset?.line;
    const item = line && ui.problems.querySelector(`li[data-line="${line}"]`);
    if (!item) return;
    item.scrollIntoView({ block: "nearest" });
    item.classList.remove("flash");
    void item.offsetWidth;  // restart the animation
    item.classList.add("flash");
  });
}

function wireTable() {
  ui.table.addEventListener("click", (event) => {
    const tr = event.target.closest("tbody tr");
    if (!tr) return;
    selectRow(tr.dataset.name, false);
    revealBox(tr.dataset.name);
    if (tr.dataset.line) goToLine(Number(tr.dataset.line));
  });
  ui.table.addEventListener("mouseover", (event) => {
    const tr = event.target.closest("tbody tr");
    for (const g of ui.picture.querySelectorAll("g.hl-box")) g.classList.remove("hl-box");
    if (tr) highlightBox(tr.dataset.name, true);
  });
}

function wirePicture() {
  ui.picture.addEventListener("mouseover", (event) => {
    const g = event.target.closest?.("g.layer");
    for (const tr of ui.table.querySelectorAll("tr.hover")) tr.classList.remove("hover");
    if (!g) return;
    const row = [...ui.table.tBodies[0].rows].find((tr) => tr.dataset.name === g.dataset.name);
    row?.classList.add("hover");
  });
  $("zoom-in").addEventListener("click", () => zoomTo(state.zoom * 1.25));
  $("zoom-out").addEventListener("click", () => zoomTo(state.zoom / 1.25));
  $("zoom-one").addEventListener("click", () => zoomTo(1));
  for (const [id, fit] of [["zoom-fit", "all"], ["zoom-width", "width"]]) {
    $(id).addEventListener("click", () => {
      state.fit = fit;
      applyZoom();
    });
  }
  panPicture();
  window.addEventListener("resize", () => state.fit && applyZoom());
}

function wirePanes() {
  const main = $("main");
  splitter($("split-main"), "--left", (e) => {
    const box = main.getBoundingClientRect();
    return clamp(((e.clientX - box.left) / box.width) * 100, 20, 75);
  });
  splitter($("split-right"), "--picture", (e) => {
    const box = ui.right.getBoundingClientRect();
    return clamp(((e.clientY - box.top) / box.height) * 100, 15, 85);
  });
}

wireEditor();
wireProblems();
wireTable();
wirePicture();
wirePanes();
start();
