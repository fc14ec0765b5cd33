/** Every workflow the worker registers. Types only from activities/; no I/O here. */
export { interviewPipeline } from './interview-pipeline';
