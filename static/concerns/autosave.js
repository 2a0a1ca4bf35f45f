// Saves the draft concern in the background as its author types, and shows the "call 999" banner as soon as
// "Yes" is chosen for immediate risk. Without JavaScript the form still works: its buttons save the draft.
const form = document.querySelector('form[data-autosave-url]')
if (form) {
  const status = document.getElementById('autosave-status')
  const banner = document.getElementById('immediate-risk')
  const url = form.dataset.autosaveUrl
  let dirty = false
  let saving = false
  let timer = null

  const showRisk = () => {
    const yes = form.querySelector('input[name="immediate_risk"][value="yes"]')
    if (banner && yes) {
      const wasHidden = banner.hidden
      banner.hidden = !yes.checked
      if (wasHidden && !banner.hidden) banner.scrollIntoView({ block: 'start' })
    }
  }

  const save = async () => {
    if (saving || !dirty) return
    saving = true
    dirty = false
    try {
      const response = await fetch(url, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
      const body = await response.json().catch(() => ({}))
      if (response.ok) {
        const time = new Date(body.saved_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
        status.textContent = `Draft saved at ${time}.`
      } else {
        status.textContent = body.detail || 'Your draft could not be saved. Use the Save draft button.'
      }
    } catch (error) {
      dirty = true
      status.textContent = 'Your draft could not be saved just now. It will be tried again.'
    }
    saving = false
  }

  const soon = (delay) => {
    dirty = true
    clearTimeout(timer)
    timer = setTimeout(save, delay)
  }

  form.addEventListener('input', () => soon(2000))
  form.addEventListener('change', () => { showRisk(); soon(500) })
  form.addEventListener('submit', () => clearTimeout(timer))
  setInterval(save, 15000)
  window.addEventListener('pagehide', () => {
    if (dirty) navigator.sendBeacon(url, new FormData(form))
  })
}
