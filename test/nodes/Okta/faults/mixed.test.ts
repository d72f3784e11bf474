import { describeFaultJob } from './job';

describe('the fault job under mixed', () => describeFaultJob('mixed'));
