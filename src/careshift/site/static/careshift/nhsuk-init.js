// Starts NHS.UK frontend's components (a module script from a file: no inline script for the CSP).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
