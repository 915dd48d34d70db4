/* Script-tag build of the IAB TCF v2 adapter: load it after the snippet and the CMP stub. */
import { globalTarget } from './globalTarget';
import { tcf } from './tcf';

tcf(globalTarget);
