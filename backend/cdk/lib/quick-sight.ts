import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws } from 'aws-cdk-lib';
import * as quicksight from 'aws-cdk-lib/aws-quicksight';
import { Construct } from 'constructs';
import { ANALYTICS_DIR } from './private/analytics-queries';

/** One QuickSight data set, as `backend/analytics/quicksight/data-sets.json` lists it. */
export interface QuickSightDataSetDefinition {
  /** Data set id, unique in the account. */
  readonly id: string;
  readonly name: string;
  /** The SQL it runs in Athena, relative to `backend/analytics/` (e.g. `dau.sql`). */
  readonly sqlFile: string;
  /** The query's output columns: QuickSight needs them declared for custom SQL. */
  readonly columns: readonly {
    readonly name: string;
    readonly type: 'STRING' | 'INTEGER' | 'DECIMAL' | 'DATETIME' | 'BIT';
  }[];
}

/** The definitions shipped in the repository. */
export const QUICKSIGHT_DATA_SETS_FILE = join(ANALYTICS_DIR, 'quicksight', 'data-sets.json');

const DATA_SOURCE_OWNER_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
  'quicksight:UpdateDataSource',
  'quicksight:DeleteDataSource',
  'quicksight:UpdateDataSourcePermissions',
];
const DATA_SET_OWNER_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
  'quicksight:UpdateDataSetPermissions',
];

export interface QuickSightProps {
  /** The Athena workgroup QuickSight queries through (its settings are enforced). */
  readonly workGroupName: string;
  /**
   * QuickSight user or group that owns the data source and data sets, e.g.
   * `arn:aws:quicksight:eu-west-1:111122223333:group/default/analysts`.
   */
  readonly ownerArn: string;
  /**
   * The data sets to create.
   * @default the definitions in `backend/analytics/quicksight/data-sets.json`
   */
  readonly dataSets?: readonly QuickSightDataSetDefinition[];
}

/**
 * QuickSight data source (Athena) and data sets for DAU, retention and funnels, each running
 * the same SQL file analysts run locally. Needs a QuickSight subscription in the account and
 * the QuickSight service role allowed to use the workgroup, the lake bucket and the key.
 */
export class QuickSight extends Construct {
  public readonly dataSource: quicksight.CfnDataSource;
  public readonly dataSets: readonly quicksight.CfnDataSet[];

  constructor(scope: Construct, id: string, props: QuickSightProps) {
    super(scope, id);
    const definitions =
      props.dataSets ??
      (JSON.parse(
        readFileSync(QUICKSIGHT_DATA_SETS_FILE, 'utf8'),
      ) as QuickSightDataSetDefinition[]);
    this.dataSource = new quicksight.CfnDataSource(this, 'Athena', {
      awsAccountId: Aws.ACCOUNT_ID,
      dataSourceId: `clickstream-athena-${this.node.addr.slice(0, 8)}`,
      name: 'Clickstream (Athena)',
      type: 'ATHENA',
      dataSourceParameters: { athenaParameters: { workGroup: props.workGroupName } },
      sslProperties: { disableSsl: false },
      permissions: [{ principal: props.ownerArn, actions: DATA_SOURCE_OWNER_ACTIONS }],
    });
    this.dataSets = definitions.map((definition) => {
      const sql = readFileSync(join(ANALYTICS_DIR, definition.sqlFile), 'utf8');
      return new quicksight.CfnDataSet(this, `DataSet-${definition.id}`, {
        awsAccountId: Aws.ACCOUNT_ID,
        dataSetId: `clickstream-${definition.id}-${this.node.addr.slice(0, 8)}`,
        name: definition.name,
        importMode: 'DIRECT_QUERY',
        physicalTableMap: {
          [definition.id]: {
            customSql: {
              dataSourceArn: this.dataSource.attrArn,
              name: definition.name,
              // QuickSight wraps custom SQL in a subquery: no trailing semicolon.
              sqlQuery: sql.trim().replace(/;\s*$/, ''),
              columns: definition.columns.map((c) => ({ name: c.name, type: c.type })),
            },
          },
        },
        permissions: [{ principal: props.ownerArn, actions: DATA_SET_OWNER_ACTIONS }],
      });
    });
  }
}
