package com.reachtown.dispatcher.send;

import java.time.Instant;
import java.util.List;

import com.reachtown.dispatcher.store.SendState;
import com.reachtown.dispatcher.store.StatusRepository.StatusHistoryEntry;

/**
 * One sent message as the admin API shows it: the send, its current status and every
 * status callback recorded for it.
 *
 * @param messageId the dispatcher's message id ({@code msg-…})
 * @param externalId reach-town's id of the message, or {@code null}
 * @param recipientPhone the recipient in E.164
 * @param provider the provider name
 * @param providerMessageId the provider's id, or {@code null} when the provider did not
 * accept the message
 * @param sendState the state of the send
 * @param status the current status in reach-town's vocabulary, or {@code null} while the
 * provider call is in flight or its outcome is unknown
 * @param errorCode the provider's error code of a failed send, or {@code null}
 * @param errorMessage the error message of a failed send, or {@code null}
 * @param createdAt when the send was first requested
 * @param history the status callbacks of the message, oldest first
 */
public record MessageDetails(String messageId, String externalId, String recipientPhone, String provider,
		String providerMessageId, SendState sendState, String status, String errorCode, String errorMessage,
		Instant createdAt, List<StatusHistoryEntry> history) {
}
