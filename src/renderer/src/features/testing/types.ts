/** Shapes of the Testing area's channels as the pages use them. */
import type { ChannelOutput } from '../../../../shared/contract'
import type { LoadPlanInput } from '../../../../shared/contract/testingLoad'

export type { LoadPlanInput }
export type LoadTestDetail = ChannelOutput<'testing:loadTest'>
export type LoadRun = ChannelOutput<'testing:loadRun'>
export type LoadReport = NonNullable<LoadRun['report']>
export type ScanDetail = ChannelOutput<'testing:scan'>
export type SuiteRun = ChannelOutput<'testing:suiteRun'>
export type BreakerTest = ChannelOutput<'testing:breakerTest'>
export type Drill = ChannelOutput<'testing:drill'>
