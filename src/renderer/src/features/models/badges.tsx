/** A version's stage and alias, as shown in every list of the Models area. */
export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stage}</span>
}
export const AliasBadge = ({ alias }: { alias: string }) => <span className="tag alias">@{alias}</span>
