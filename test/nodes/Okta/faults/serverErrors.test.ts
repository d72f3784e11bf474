import { describeFaultJob } from './job';

describe('the fault job under serverErrors', () => describeFaultJob('serverErrors'));
