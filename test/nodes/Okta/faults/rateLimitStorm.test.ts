import { describeFaultJob } from './job';

describe('the fault job under rateLimitStorm', () => describeFaultJob('rateLimitStorm'));
