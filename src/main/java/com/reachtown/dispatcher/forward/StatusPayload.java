package com.reachtown.dispatcher.forward;

import java.time.Instant;

import com.reachtown.dispatcher.provider.StatusUpdate;

/**
 * The body of {@code POST /api/webhooks/messages/status}, serialized in snake case.
 * Optional fields are left out when {@code null}.
 *
 * @param providerMessageId the provider's id of the message
 * @param status the status in reach-town's vocabulary
 * @param updatedAt when the status changed
 * @param messageId the dispatcher's id of the message, when this database sent it
 * @param externalId reach-town's id of the message, when the send carried one
 * @param provider the provider name
 * @param errorCode the provider's error code
 * @param errorMessage the error in plain words
 * @param retryable for a failed message, whether sending it again may succeed
 */
public record StatusPayload(String providerMessageId, String status, Instant updatedAt, String messageId,
		String externalId, String provider, String errorCode, String errorMessage, Boolean retryable) {

	/**
	 * Creates the payload of a status update.
	 * @param update the normalized update
	 * @param messageId the dispatcher's message id, or {@code null}
	 * @param externalId reach-town's id, or {@code null}
	 * @return the payload
	 */
	public static StatusPayload of(StatusUpdate update, String messageId, String externalId) {
		return new StatusPayload(update.providerMessageId(), update.status().value(), update.updatedAt(), messageId,
				externalId, update.provider(), update.errorCode(), update.errorMessage(), update.retryable());
	}

}
