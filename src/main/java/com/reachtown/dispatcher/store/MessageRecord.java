package com.reachtown.dispatcher.store;

import java.time.Instant;

/**
 * A row of {@code messages}: one send, keyed by the dispatcher's message id.
 *
 * @param id the dispatcher's message id ({@code msg-…})
 * @param idempotencyKey the {@code Idempotency-Key} header or, without one, the external
 * id; or {@code null} for a send that is not idempotent
 * @param externalId reach-town's id of the message, or {@code null}
 * @param requestHash hash of the request's content, to tell a repeat from a conflicting
 * reuse of the key
 * @param recipientPhone the recipient in E.164
 * @param provider the provider name
 * @param providerMessageId the provider's id, once the provider accepted the message
 * @param state where the send stands
 * @param responseStatus the HTTP status returned for the send, once it completed
 * @param responseBody the JSON body returned for the send, once it completed
 * @param errorCode the provider's error code of a failed send
 * @param errorMessage the error message of a failed send
 * @param createdAt when the send was first requested
 * @param updatedAt when the row last changed
 */
public record MessageRecord(String id, String idempotencyKey, String externalId, String requestHash,
		String recipientPhone, String provider, String providerMessageId, SendState state, Integer responseStatus,
		String responseBody, String errorCode, String errorMessage, Instant createdAt, Instant updatedAt) {
}
