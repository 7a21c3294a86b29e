"""Keyboard only: every control reachable with Tab, visibly focused, and a skip link that works.

The journeys run with and without JavaScript (the ``page`` fixture), at desktop width; the
walk through every control runs with JavaScript, which only ever adds controls. "Visibly focused" is
checked the way a sighted keyboard user sees it: the focused control matches ``:focus-visible``
and has an outline or box-shadow whose colour stands out 3:1 against what is behind it (WCAG
2.4.7 and 1.4.11).
"""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in_as_editor

pytestmark = pytest.mark.browser

PAGES = ["/", "/?q=borgere&innovation_type=service&year_from=2005", "/cases/skat-i-balance",
         "/tema/lav-nye-services", "/findes-ikke"]

# Every control a keyboard user must reach, in document order, each tagged with its position.
TAG_CONTROLS = """() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])";
  // A radio group is one Tab stop (its checked radio, or its first); arrow keys move inside it.
  const tabStopOfGroup = el => {
    if (el.type !== "radio") return true;
    const group = Array.from(document.querySelectorAll(`input[type=radio][name="${el.name}"]`));
    return el.checked || (!group.some(r => r.checked) && group[0] === el);
  };
  const controls = Array.from(document.querySelectorAll(selector))
    .filter(el => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .filter(tabStopOfGroup);
  controls.forEach((el, i) => el.dataset.kb = String(i));
  return controls.map(el => el.outerHTML.slice(0, 80));
}"""

# What the focused element shows: its tag position, :focus-visible, and the contrast of its ring.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  const parse = c => { const m = c.match(/[\\d.]+/g) || []; return m.map(Number); };
  const luminance = ([r, g, b]) => {
    const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  // What is painted just left of the element, where its ring is drawn.
  const backdrop = node => {
    const box = node.getBoundingClientRect();
    const x = Math.max(0, box.left - 3), y = box.top + box.height / 2;
    for (const n of document.elementsFromPoint(x, y)) {
      if (n === node || node.contains(n)) continue;
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  let ratio = 0;
  if (outline || shadow) {
    const ring = parse(outline ? style.outlineColor : style.boxShadow).slice(0, 3);
    const [a, b] = [luminance(ring), luminance(backdrop(el))];
    ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return {kb: el.dataset.kb ?? null, id: el.id, focusVisible: el.matches(":focus-visible"),
          ring: outline || shadow, ratio: Math.round(ratio * 100) / 100, html: el.outerHTML.slice(0, 80)};
}"""


def tab_through(page, controls: int) -> list[dict]:
    """Press Tab until the last control has focus. A date field takes several presses (day,
    month, year), so allow some to spare."""
    states = []
    for _ in range(2 * controls + 5):
        page.keyboard.press("Tab")
        states.append(page.evaluate(FOCUS_STATE))
        if states[-1]["kb"] == str(controls - 1):
            break
    return states


@pytest.mark.parametrize("page", ["js"], indirect=True)  # the same controls without JS, fewer than with
@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_reached_by_tab_and_visibly_focused(site, page, path):
    base, _ = site
    page.goto(base + path)
    controls = page.evaluate(TAG_CONTROLS)
    states = tab_through(page, len(controls))
    reached = {s["kb"] for s in states if s["kb"] is not None}
    missed = [html for i, html in enumerate(controls) if str(i) not in reached]
    others = [s["html"] for s in states if s["kb"] is None]
    assert not missed, f"{path}: not reachable with Tab: {missed}; Tab went to {others}"
    order = [int(s["kb"]) for s in states if s["kb"] is not None]
    assert order == sorted(order), f"{path}: Tab order differs from reading order: {order}"
    for state in states:
        if state["kb"] is None:
            continue
        if state["focusVisible"] and state["ring"]:
            assert state["ratio"] >= 3, f"{path}: focus ring contrast {state['ratio']}:1 on {state['html']}"
        else:  # a date field's focused part, an SVG shape's stroke: compare pixels
            assert looks_different_when_focused(page, state["kb"]), f"{path}: no visible focus on {state['html']}"


def looks_different_when_focused(page, kb: str) -> bool:
    """For controls that show focus another way than a ring: do they look different at all?"""
    element = page.locator(f'[data-kb="{kb}"]')
    element.focus()
    focused = element.screenshot()
    page.evaluate("document.activeElement.blur()")
    unfocused = element.screenshot()
    return focused != unfocused


@pytest.mark.parametrize("page", ["js"], indirect=True)
@pytest.mark.parametrize("path", ["/editor/cases/skat-i-balance/edit"])
def test_editor_form_is_reached_by_tab_and_visibly_focused(site, page, path):
    base, _ = site
    sign_in_as_editor(page, base)
    test_every_control_is_reached_by_tab_and_visibly_focused(site, page, path)


def test_skip_link_is_first_visible_and_moves_focus_to_the_content(site, page):
    base, _ = site
    page.goto(base + "/?q=borgere")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Gå til indhold"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the skip link is not on screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "Tab after the skip link left main"


def test_search_and_refine_with_the_keyboard_only(site, page):
    base, _ = site
    page.goto(base + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("borgere")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=borgere"))
    while page.evaluate("!document.activeElement.classList.contains('facet-value')"):
        page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.querySelector('.facet-label').textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"innovation_type="))
    assert label.lower() in page.get_by_role("status").inner_text().lower()


def test_choosing_a_sort_order_with_arrow_keys_does_not_leave_the_page(site, page):
    """Arrow keys on a closed select change its value; submitting then would be a change of
    context on input (WCAG 3.2.2). The order applies when the user presses the button."""
    base, _ = site
    page.goto(base + "/?q=borgere")
    page.locator("#sort").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert "sort=" not in page.url
    page.get_by_role("button", name="Sortér").click()
    page.wait_for_url(re.compile(r"sort=newest"))
