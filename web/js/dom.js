// DOM writes that skip what would not change. Writing equal text or an equal attribute still
// marks the element for style and layout in the frame that draws a slider's input; comparing
// first costs no layout (textContent and attributes are read without one).
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

export function setAttribute(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

// An element's property (hidden, disabled, tabIndex, ...), written only when it differs.
export function setProperty(element, name, value) {
  if (element[name] !== value) element[name] = value;
}
