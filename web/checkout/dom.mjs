// DOM building without HTML parsing: every text goes in through textContent,
// so customer and merchant strings can never become markup.

// h('button', { class: 'x', type: 'button', on: { click: fn }, dataset: {...}, aria: {...} }, children...)
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'aria') for (const [name, v] of Object.entries(value)) { if (v !== undefined && v !== null) el.setAttribute(`aria-${name}`, String(v)); }
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'max' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

// Replaces a container's children and keeps keyboard focus on the element with
// the same data-focus-key, so re-rendering after a quote never loses the user's place.
export function replaceKeepingFocus(root, container, children) {
  const active = root.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  let selection = null;
  try {
    if (key && typeof active.selectionStart === 'number') selection = [active.selectionStart, active.selectionEnd];
  } catch { selection = null; }  // inputs such as type=email have no selection API
  container.replaceChildren();
  append(container, children);
  if (key) {
    const again = [...container.querySelectorAll('[data-focus-key]')].find((el) => el.dataset.focusKey === key);
    if (again && !again.disabled) {
      again.focus({ preventScroll: true });
      if (selection) { try { again.setSelectionRange(...selection); } catch { /* not a text field */ } }
    }
    else {
      // The control went away (e.g. the last line was removed): land somewhere sensible.
      const fallback = container.querySelector('button:not(:disabled), input:not(:disabled), select')
        || root.querySelector('[data-focus-target]');
      fallback?.focus({ preventScroll: true });
    }
  }
}

let idCounter = 0;
export const uid = (prefix) => `${prefix}-${++idCounter}`;
