export { type LakeWriter, openLakeWriter } from './lake-writer';
export { queryLake } from './query-lake';
export {
  type LakePipeline,
  type LakePipelineOptions,
  type LakePipelineStats,
  startLakePipeline,
} from './start-lake-pipeline';
