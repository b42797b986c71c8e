package com.reachtown.dispatcher.send;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import com.reachtown.dispatcher.config.DispatcherProperties;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderRegistry;
import com.reachtown.dispatcher.provider.SendResult;
import com.reachtown.dispatcher.store.GroupCommit;
import com.reachtown.dispatcher.store.MessageRecord;
import com.reachtown.dispatcher.store.MessageRepository;
import com.reachtown.dispatcher.store.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Sends messages through a provider at most once per idempotency key. The key is claimed
 * with a row insert that the database's unique constraint decides, so repeats that reach
 * several instances at once still call the provider once.
 */
@Service
public class SendService {

	private static final Logger LOG = LoggerFactory.getLogger(SendService.class);

	private final ProviderRegistry providers;

	private final MessageRepository messages;

	private final GroupCommit commits;

	private final JsonMapper jsonMapper;

	private final ProviderCallGuard calls;

	private final Duration inFlightTimeout;

	private final Clock clock;

	public SendService(ProviderRegistry providers, MessageRepository messages, GroupCommit commits,
			JsonMapper jsonMapper, ProviderCallGuard calls, DispatcherProperties properties, Clock clock) {
		this.providers = providers;
		this.messages = messages;
		this.commits = commits;
		this.jsonMapper = jsonMapper;
		this.calls = calls;
		this.inFlightTimeout = properties.sendInFlightTimeout();
		this.clock = clock;
	}

	/**
	 * Sends a message, or returns the stored outcome of an earlier send with the same
	 * key. When the provider sent no response to a request it may have received, the
	 * response has the status {@code unknown}, and repeats replay it without calling the
	 * provider.
	 * @param command the validated request
	 * @return the response and whether it was replayed
	 * @throws IdempotencyConflictException if the key was used for another payload or its
	 * send is in flight
	 * @throws ProviderException if the provider did not accept the message, now or on the
	 * earlier send with the same key
	 */
	public SendOutcome send(SendCommand command) {
		MessagingProvider provider = this.providers.get(command.provider());
		String key = command.effectiveIdempotencyKey();
		String keyName = command.idempotencyKeyDescription();
		String hash = requestHash(command, provider.name());
		String messageId = "msg-" + UUID.randomUUID();

		boolean claimed = this.commits.execute(() -> this.messages.insertInFlight(messageId, key, command.externalId(),
				hash, command.recipientPhone(), provider.name()));
		if (claimed) {
			return new SendOutcome(callProvider(provider, messageId, command), false);
		}
		MessageRecord existing = this.messages.findByIdempotencyKey(key)
			.orElseThrow(() -> IdempotencyConflictException.inFlight(keyName));
		if (!existing.requestHash().equals(hash)) {
			throw IdempotencyConflictException.differentPayload(keyName);
		}
		if (!(existing.state() == SendState.FAILED_RETRYABLE && this.messages.takeOverRetryable(existing.id()))) {
			return replay(existing, keyName);
		}
		return new SendOutcome(callProvider(provider, existing.id(), command), false);
	}

	private SendResponse callProvider(MessagingProvider provider, String messageId, SendCommand command) {
		try {
			SendResult result = this.calls.send(provider, new OutboundMessage(messageId, command.recipientPhone(),
					command.messageBody(), command.template(), command.mediaUrl()));
			SendResponse response = new SendResponse("queued", messageId, provider.name(), result.details());
			complete(messageId, SendState.SENT, result.providerMessageId(), 200,
					this.jsonMapper.writeValueAsString(response), null, null);
			LOG.info("Sent {} to {} through {} as {}", messageId, PhoneNumbers.mask(command.recipientPhone()),
					provider.name(), PhoneNumbers.maskNumbersIn(result.providerMessageId()));
			return response;
		}
		catch (ProviderException ex) {
			if (ex.kind() == ProviderException.Kind.OUTCOME_UNKNOWN) {
				return recordUnknownOutcome(provider, messageId, ex);
			}
			// A rejection is final, because the same request would fail again. Every
			// other failure
			// here is an error response or a call that never connected (a call that may
			// have reached
			// the provider returned above as unknown), so a repeat of the request may
			// send it.
			SendState state = (ex.kind() == ProviderException.Kind.REJECTED && !ex.retryable()) ? SendState.FAILED
					: SendState.FAILED_RETRYABLE;
			complete(messageId, state, null, ex.httpStatus(), null, ex.providerErrorCode(), ex.getMessage());
			LOG.warn("Send {} to {} through {} failed: {} {}", messageId, PhoneNumbers.mask(command.recipientPhone()),
					provider.name(), ex.kind(), ex.getMessage());
			throw ex;
		}
		catch (RuntimeException ex) {
			complete(messageId, SendState.FAILED_RETRYABLE, null, 502, null, null, ex.toString());
			throw new ProviderException(provider.name(), ProviderException.Kind.UNAVAILABLE, null,
					provider.name() + " call failed: " + ex.getMessage(), null, ex);
		}
	}

	/**
	 * Records the outcome of a send, committed together with those of concurrent sends.
	 */
	private void complete(String messageId, SendState state, String providerMessageId, int responseStatus,
			String responseBody, String errorCode, String errorMessage) {
		this.commits.executeWithoutResult(() -> this.messages.complete(messageId, state, providerMessageId,
				responseStatus, responseBody, errorCode, errorMessage));
	}

	/**
	 * Keeps a send whose request may have reached the provider, so that no repeat sends
	 * it again, and returns the status {@code unknown}.
	 */
	private SendResponse recordUnknownOutcome(MessagingProvider provider, String messageId, ProviderException ex) {
		SendResponse response = new SendResponse(SendResponse.UNKNOWN, messageId, provider.name(), null);
		complete(messageId, SendState.UNKNOWN, null, 202, this.jsonMapper.writeValueAsString(response), null,
				ex.getMessage());
		LOG.warn("Send {} through {} has an unknown outcome and will not be repeated: {}", messageId, provider.name(),
				ex.getMessage());
		return response;
	}

	private SendOutcome replay(MessageRecord existing, String key) {
		if (existing.state() == SendState.IN_FLIGHT && isStale(existing)) {
			return new SendOutcome(markStaleUnknown(existing), true);
		}
		if (existing.state() == SendState.IN_FLIGHT || existing.state() == SendState.FAILED_RETRYABLE) {
			throw IdempotencyConflictException.inFlight(key);
		}
		if (existing.state() == SendState.SENT || existing.state() == SendState.UNKNOWN) {
			return new SendOutcome(this.jsonMapper.readValue(existing.responseBody(), SendResponse.class), true);
		}
		throw new ProviderException(existing.provider(), ProviderException.Kind.REJECTED, existing.errorCode(),
				existing.errorMessage(), null, null);
	}

	/**
	 * Tells whether a send has been in flight for longer than any provider call can take,
	 * which means the instance that made it stopped before recording the outcome.
	 */
	private boolean isStale(MessageRecord existing) {
		return existing.updatedAt().isBefore(this.clock.instant().minus(this.inFlightTimeout));
	}

	/**
	 * Records a send whose instance died mid-call as having an unknown outcome: the
	 * provider may have taken it, so it is never sent again, and a later status callback
	 * can settle it.
	 */
	private SendResponse markStaleUnknown(MessageRecord existing) {
		SendResponse response = new SendResponse(SendResponse.UNKNOWN, existing.id(), existing.provider(), null);
		if (this.messages.markStaleInFlightUnknown(existing.id(), existing.updatedAt(),
				this.jsonMapper.writeValueAsString(response))) {
			LOG.warn("Send {} through {} was left in flight since {}; its outcome is now unknown", existing.id(),
					existing.provider(), existing.updatedAt());
		}
		return response;
	}

	/**
	 * Hashes what the send delivers. A text send hashes as it did before templates and
	 * media existed, so repeats of older sends still match.
	 */
	private String requestHash(SendCommand command, String provider) {
		StringBuilder canonical = new StringBuilder(
				String.join("\u0000", provider, command.recipientPhone(), Objects.toString(command.messageBody(), "")));
		if (command.template() != null) {
			canonical.append("\u0000template\u0000")
				.append(command.template().contentSid())
				.append('\u0000')
				.append(command.template().name())
				.append('\u0000')
				.append(this.jsonMapper.writeValueAsString(command.template().sortedVariables()));
		}
		if (command.mediaUrl() != null) {
			canonical.append("\u0000media\u0000").append(command.mediaUrl());
		}
		if (command.idempotencyKey() != null && command.externalId() != null) {
			// Under a header key, the external id is part of the payload that must match.
			canonical.append("\u0000external_id\u0000").append(command.externalId());
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
