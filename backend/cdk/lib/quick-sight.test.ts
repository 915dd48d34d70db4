import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { propertiesOf, resourcesOf, synthPipeline } from '../test-support/synth-pipeline';
import { ANALYTICS_DIR } from './private/analytics-queries';
import { QUICKSIGHT_DATA_SETS_FILE, type QuickSightDataSetDefinition } from './quick-sight';

const ownerArn = 'arn:aws:quicksight:eu-west-1:111122223333:group/default/analysts';
const definitions = JSON.parse(
  readFileSync(QUICKSIGHT_DATA_SETS_FILE, 'utf8'),
) as QuickSightDataSetDefinition[];

describe('QuickSight', () => {
  it('is not deployed unless asked for (it needs an account subscription)', () => {
    const { template } = synthPipeline({ search: false, warehouse: false });
    template.resourceCountIs('AWS::QuickSight::DataSource', 0);
  });

  const { template } = synthPipeline({ search: false, warehouse: false, quickSight: { ownerArn } });

  it('queries Athena through the enforced workgroup', () => {
    expect(propertiesOf(template, 'AWS::QuickSight::DataSource')).toMatchObject({
      Type: 'ATHENA',
      DataSourceParameters: {
        AthenaParameters: { WorkGroup: { Ref: expect.stringMatching(/WorkGroup/) } },
      },
      Permissions: [expect.objectContaining({ Principal: ownerArn })],
    });
  });

  it('creates DAU, retention and funnel data sets from the repository SQL', () => {
    const sets = resourcesOf(template, 'AWS::QuickSight::DataSet');
    expect(definitions.map((d) => d.id)).toEqual(['dau', 'retention', 'funnel']);
    expect(sets).toHaveLength(definitions.length);
    for (const definition of definitions) {
      const sql = readFileSync(join(ANALYTICS_DIR, definition.sqlFile), 'utf8');
      const set = propertiesOf(template, 'AWS::QuickSight::DataSet', `DataSet${definition.id}`);
      const table = set.PhysicalTableMap[definition.id];
      expect(table.CustomSql.SqlQuery).toBe(sql.trim().replace(/;\s*$/, ''));
      // Every declared column is one the query selects.
      for (const column of definition.columns) {
        expect(sql, `${definition.sqlFile}: ${column.name}`).toMatch(
          new RegExp(`\\bAS ${column.name}\\b`, 'i'),
        );
      }
    }
  });
});
