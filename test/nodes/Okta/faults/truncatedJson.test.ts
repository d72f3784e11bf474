import { describeFaultJob } from './job';

describe('the fault job under truncatedJson', () => describeFaultJob('truncatedJson'));
