// Saves the draft concern in the background as its author types, and shows the "call 999" banner as soon as
// "Yes" is chosen for immediate risk. Without JavaScript the form still works: its buttons save the draft.
//
// Nothing typed is lost if the person is signed out (idle timeout, a closed laptop): every change is also kept in
// this tab's sessionStorage (gone when the tab closes) until the server confirms it has the draft, and restored
// when the page is opened again after signing back in.
const form = document.querySelector('form[data-autosave-url]')
if (form) {
  const status = document.getElementById('autosave-status')
  const banner = document.getElementById('immediate-risk')
  const url = form.dataset.autosaveUrl
  const stashKey = `prevent-concern-draft:${url}`
  let dirty = false
  let saving = false
  let changedSinceSend = false
  let timer = null

  const showRisk = () => {
    const yes = form.querySelector('input[name="immediate_risk"][value="yes"]')
    if (banner && yes) {
      const wasHidden = banner.hidden
      banner.hidden = !yes.checked
      if (wasHidden && !banner.hidden) banner.scrollIntoView({ block: 'start' })
    }
  }

  const fieldsToStash = () => {
    const entries = []
    for (const [name, value] of new FormData(form).entries()) {
      if (name !== 'csrfmiddlewaretoken' && typeof value === 'string') entries.push([name, value])
    }
    return entries
  }

  const stash = () => {
    try { sessionStorage.setItem(stashKey, JSON.stringify(fieldsToStash())) } catch (error) { /* storage full or off */ }
  }

  const restore = () => {
    let entries = null
    try { entries = JSON.parse(sessionStorage.getItem(stashKey) || 'null') } catch (error) { entries = null }
    if (!entries) return false
    if (JSON.stringify(entries) === JSON.stringify(fieldsToStash())) {
      sessionStorage.removeItem(stashKey) // the page already shows it: it was saved
      return false
    }
    const names = new Set(entries.map(([name]) => name))
    for (const element of form.elements) {
      if (!element.name || element.name === 'csrfmiddlewaretoken' || !names.has(element.name) && element.type !== 'checkbox') continue
      const values = entries.filter(([name]) => name === element.name).map(([, value]) => value)
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = values.includes(element.value)
      } else if (values.length) {
        element.value = values[0]
      }
    }
    status.textContent = 'What you typed before you were signed out has been put back. It is being saved.'
    return true
  }

  const save = async () => {
    if (saving || !dirty) return
    saving = true
    dirty = false
    changedSinceSend = false
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        redirect: 'error'
      })
      const body = await response.json().catch(() => ({}))
      if (response.ok && body.saved) {
        const time = new Date(body.saved_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
        status.textContent = `Draft saved at ${time}.`
        if (!changedSinceSend) sessionStorage.removeItem(stashKey)
      } else {
        dirty = true
        status.textContent = body.detail || 'Your draft could not be saved. Use the Save draft button.'
      }
    } catch (error) {
      dirty = true
      status.textContent = 'Your draft could not be saved just now. What you typed is kept in this tab.'
    }
    saving = false
  }

  const soon = (delay) => {
    dirty = true
    changedSinceSend = true
    stash()
    clearTimeout(timer)
    timer = setTimeout(save, delay)
  }

  form.addEventListener('input', () => soon(2000))
  form.addEventListener('change', () => { showRisk(); soon(500) })
  form.addEventListener('submit', () => { clearTimeout(timer); stash() })
  setInterval(save, 15000)
  window.addEventListener('pagehide', () => {
    if (dirty) navigator.sendBeacon(url, new FormData(form))
  })

  if (restore()) {
    showRisk()
    dirty = true
    save()
  }
}
