import { ALLOWED_TYPES } from '../libs/attachments/src/content-inspector';
import { ACCEPT, ACCEPT_TYPES } from '../apps/web/src/thread/attachment-types';

/** Issue 31: the web client's file picker offers every type the server (and so FHIR) takes: TIFF, GIF and BMP too. */
describe('the upload picker’s types', () => {
  it('include every type the server accepts', () => {
    for (const type of ALLOWED_TYPES) expect(ACCEPT_TYPES).toContain(type);
    for (const extension of ['.tif', '.tiff', '.gif', '.bmp']) expect(ACCEPT.split(',')).toContain(extension);
  });
});
