/* Script-tag build of the Google Consent Mode adapter: load it after the snippet. */
import { globalTarget } from './globalTarget';
import { googleConsentMode } from './googleConsentMode';

googleConsentMode(globalTarget);
