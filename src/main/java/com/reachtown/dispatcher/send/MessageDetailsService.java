package com.reachtown.dispatcher.send;

import java.util.List;
import java.util.Optional;

import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.store.MessageRecord;
import com.reachtown.dispatcher.store.MessageRepository;
import com.reachtown.dispatcher.store.SendState;
import com.reachtown.dispatcher.store.StatusRepository;
import com.reachtown.dispatcher.store.StatusRepository.StatusHistoryEntry;

import org.springframework.stereotype.Service;

/**
 * Reads sent messages together with their status callbacks, for the admin API. Nothing
 * here changes a message or forwards an event.
 */
@Service
public class MessageDetailsService {

	private final MessageRepository messages;

	private final StatusRepository statuses;

	public MessageDetailsService(MessageRepository messages, StatusRepository statuses) {
		this.messages = messages;
		this.statuses = statuses;
	}

	/**
	 * Finds a message by the dispatcher's id.
	 * @param messageId the message id ({@code msg-…})
	 * @return the message with its status history
	 * @throws MessageNotFoundException if no message has that id
	 */
	public MessageDetails findById(String messageId) {
		MessageRecord message = this.messages.findById(messageId)
			.orElseThrow(() -> new MessageNotFoundException("no message with message_id " + messageId));
		return details(message);
	}

	/**
	 * Finds the latest message sent with an external id. Without an
	 * {@code Idempotency-Key} header the external id is the idempotency key, so it names
	 * one message. Sends that carry their own keys may share an external id.
	 * @param externalId reach-town's id of the message
	 * @return the latest such message with its status history
	 * @throws MessageNotFoundException if no message has that external id
	 */
	public MessageDetails findLatestByExternalId(String externalId) {
		MessageRecord message = this.messages.findByExternalId(externalId)
			.orElseThrow(() -> new MessageNotFoundException("no message with external_id " + externalId));
		return details(message);
	}

	private MessageDetails details(MessageRecord message) {
		String providerMessageId = message.providerMessageId();
		Optional<MessageStatus> latest = Optional.empty();
		List<StatusHistoryEntry> history = List.of();
		if (providerMessageId != null) {
			latest = this.statuses.findLatest(message.provider(), providerMessageId);
			history = this.statuses.history(message.provider(), providerMessageId);
		}

		return new MessageDetails(message.id(), message.externalId(), message.recipientPhone(), message.provider(),
				providerMessageId, message.state(), currentStatus(message.state(), latest), message.errorCode(),
				message.errorMessage(), message.createdAt(), history);
	}

	/**
	 * Returns the status reach-town would see now: the latest status callback recorded,
	 * else {@code queued} once the provider accepted the message (what the send
	 * returned), else {@code failed} after a failed send, retryable or not.
	 * @param state the send state
	 * @param latest the latest status callback, if any
	 * @return the status, or {@code null} while the provider call is in flight or its
	 * outcome is unknown
	 */
	static String currentStatus(SendState state, Optional<MessageStatus> latest) {
		if (latest.isPresent()) {
			return latest.get().value();
		}
		return switch (state) {
			case SENT -> MessageStatus.QUEUED.value();
			case FAILED, FAILED_RETRYABLE -> MessageStatus.FAILED.value();
			case IN_FLIGHT, UNKNOWN -> null;
		};
	}

}
