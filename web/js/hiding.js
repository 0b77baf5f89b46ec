// A classroom link's `hide=` setting: the controls of the named settings leave the page, from view
// and from the accessibility tree (display: none through the setting-hidden class), after
// TensorFlow Playground's `*_hide` links. Controls mark their own boxes (controls.js
// markSetting), so panels mounted later are covered when they mount. The `hidden` attribute is
// left to embed mode, which hides the shared controls an embedded panel does not read.
export function applyHidden(root, hidden) {
  for (const box of root.querySelectorAll('[data-setting]')) {
    box.classList.toggle('setting-hidden', hidden.includes(box.dataset.setting));
  }
}
