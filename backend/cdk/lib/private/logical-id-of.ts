import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The CloudFormation logical id of a construct's default resource, as cdk-nag prints it in
 * granular findings (`Resource::<LogicalId.Arn>/…`), so an acknowledgement can name exactly
 * the resource it is about.
 *
 * @param construct - an L2 construct (its `node.defaultChild` is used) or an L1
 * @returns the logical id
 * @example logicalIdOf(domain) // 'PipelineSearchDomain57820E82'
 */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}
