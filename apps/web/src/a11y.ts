/**
 * A table wider (or taller) than its box scrolls inside it: keyboard users must be able to reach that region to scroll
 * it (WCAG 2.1.1; axe `scrollable-region-focusable`), even when its rows hold no button or link. antd gives the
 * scrolling box no prop, so each one that scrolls is made focusable here as it appears, and again on resize.
 */
export function keyboardScrollableTables(root: HTMLElement = document.body): () => void {
  let queued = false;
  const mark = () => {
    queued = false;
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body'))) {
      const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute('tabindex')) el.tabIndex = 0;
      else if (!scrolls && el.dataset['scrollFocus'] === 'on') el.removeAttribute('tabindex');
      if (scrolls) el.dataset['scrollFocus'] = 'on';
    }
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(mark);
  };
  const observer = new MutationObserver(queue);
  observer.observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', queue);
  queue();
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', queue);
  };
}
