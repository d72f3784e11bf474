import { describeFaultJob } from './job';

describe('the fault job under drops', () => describeFaultJob('drops'));
