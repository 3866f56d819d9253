package dev.kombo.interviews.sandbox;

/**
 * A resolved page request: filters already translated to record indexes.
 *
 * @param startIndex         first index to consider (from the cursor)
 * @param pageSize           1..250
 * @param updatedAfterMillis records with an updated instant >= this; {@link Long#MIN_VALUE} for no filter
 * @param includeDeleted     whether deleted records are returned
 * @param indexes            sorted, distinct candidate indexes from {@code ids}/{@code remote_ids}; null = all
 * @param jobIndexes         accepted job pool indexes; null = no job filter
 */
record PageQuery(int startIndex, int pageSize, long updatedAfterMillis, boolean includeDeleted, int[] indexes,
                 boolean[] jobIndexes) {
}
