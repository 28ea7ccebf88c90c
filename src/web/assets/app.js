// Progressive enhancement only: GOV.UK Frontend's components (skip link focus, error summary focus,
// buttons that resist double submission). Every page works without this script.
import { initAll } from '/govuk/govuk-frontend.min.js'

initAll()
