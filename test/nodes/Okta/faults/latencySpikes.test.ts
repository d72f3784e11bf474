import { describeFaultJob } from './job';

describe('the fault job under latencySpikes', () => describeFaultJob('latencySpikes'));
