/**
 * The SQL condition "delivery `alias` belongs to user `userParam`", for reads over all of a user's deliveries.
 * `deliveries` has no index on `user_id` (migration 20261129120000): the user's campaigns lead to their
 * deliveries through `deliveries_campaign_status_index`, and the `user_id` test keeps the result exact.
 */
export function ownedDeliveriesSql(alias: string, userParam: string): string {
  return `${alias}.campaign_id IN (SELECT oc.id FROM campaigns oc WHERE oc.user_id = ${userParam}) AND ${alias}.user_id = ${userParam}`;
}
