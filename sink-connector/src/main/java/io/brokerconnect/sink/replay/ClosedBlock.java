package io.brokerconnect.sink.replay;

/**
 * One offset block of a topic partition that this task has received up to its end (a record of a later block
 * came after it).
 *
 * @param filesOnly  whether every record of the block was a file the sink writes; only such blocks are recorded
 *                   and skipped (a rejected record must reach the dead-letter queue again on a replay)
 * @param generation the ledger generation when the first of the block's records were written, or -1 if that is
 *                   the current batch's
 * @param fileFrom   first index, in the current batch's files, of the block's records in this batch
 * @param fileTo     end (exclusive) of that range; equal to fileFrom when all came in earlier batches
 */
record ClosedBlock(String topic, int partition, long block, long hashA, long hashB, boolean filesOnly,
                   long generation, int fileFrom, int fileTo) {

    ClosedBlock withGeneration(long current) {
        return generation >= 0 ? this
            : new ClosedBlock(topic, partition, block, hashA, hashB, filesOnly, current, fileFrom, fileTo);
    }
}
