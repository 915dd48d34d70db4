/**
 * Runs every construct's assertions (`*.assertions.ts`, each next to its construct) against
 * one synthesized stack: loading aws-cdk-lib and synthesizing cost ~5 s of CPU per test file,
 * so sharing one synth across nine modules keeps the CDK suite within its 2-minute budget on
 * this 2-core machine.
 */
import './analytics.assertions';
import './edge.assertions';
import './iam.assertions';
import './ingest.assertions';
import './lake.assertions';
import './network.assertions';
import './observability.assertions';
import './search.assertions';
import './stream.assertions';
