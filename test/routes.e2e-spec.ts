import { TestApi } from './support/harness';
import { describeRule, routeInventory } from './support/route-inventory';
import { schemaDrift } from '../apps/api/src/tools/schema';

/** Every route states who may call it; a new one without a declaration fails here. */
describe('route inventory and schema', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  it('has an access declaration on every route', () => {
    const inventory = Object.fromEntries([...routeInventory(api.app)].map(([key, rule]) => [key, describeRule(rule)]));
    expect(Object.values(inventory)).not.toContain('MISSING');
    expect(inventory).toMatchSnapshot();
  });

  it('has migrations that match the entities exactly', async () => {
    const drift = await schemaDrift(api.nodeEnv.DATABASE_OWNER_URL);
    expect(drift.up).toEqual([]);
  });
});
