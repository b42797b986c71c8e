package com.reachtown.dispatcher.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.reachtown.dispatcher.config.DispatcherProperties;
import com.reachtown.dispatcher.config.OutboxProperties;
import com.reachtown.dispatcher.forward.IncomingPayload;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.forward.OutboxRelay;
import com.reachtown.dispatcher.forward.StatusPayload;
import com.reachtown.dispatcher.provider.GenericJsonWebhook;
import com.reachtown.dispatcher.provider.InboundMessage;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.ProviderEvent;
import com.reachtown.dispatcher.provider.ProviderErrorCatalog;
import com.reachtown.dispatcher.provider.ProviderEventSink;
import com.reachtown.dispatcher.provider.ProviderRegistry;
import com.reachtown.dispatcher.provider.StatusUpdate;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookReply;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.reachtown.dispatcher.send.SendResponse;
import com.reachtown.dispatcher.store.GroupCommit;
import com.reachtown.dispatcher.store.InboundRepository;
import com.reachtown.dispatcher.store.MessageRecord;
import com.reachtown.dispatcher.store.MessageRepository;
import com.reachtown.dispatcher.store.OutboxRepository;
import com.reachtown.dispatcher.store.StatusRepository;
import com.reachtown.dispatcher.store.WebhookAuditRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Receives provider webhooks: picks the provider's adapter, lets it verify and parse the
 * request, then stores the audit row and the events to forward in one transaction. The
 * webhook is acknowledged once that transaction commits, never after reach-town responds.
 */
@Service
public class WebhookService implements ProviderEventSink {

	private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

	private static final String FORWARDED = "forwarded";

	/** Length of the {@code provider} columns. */
	private static final int MAX_PROVIDER_LENGTH = 32;

	/** Length of the {@code provider_message_id} columns. */
	private static final int MAX_ID_LENGTH = 128;

	private final ProviderRegistry providers;

	private final GenericJsonWebhook genericFormat;

	private final JsonMapper jsonMapper;

	private final GroupCommit commits;

	private final WebhookAuditRepository audit;

	private final InboundRepository inbound;

	private final StatusRepository statuses;

	private final MessageRepository messages;

	private final OutboxRepository outbox;

	private final OutboxRelay relay;

	private final Duration unmatchedStatusDelay;

	private final WebhookMetrics metrics;

	private final ProviderErrorCatalog errors;

	public WebhookService(ProviderRegistry providers, DispatcherProperties properties, JsonMapper jsonMapper,
			GroupCommit commits, WebhookAuditRepository audit, InboundRepository inbound, StatusRepository statuses,
			MessageRepository messages, OutboxRepository outbox, OutboxRelay relay, OutboxProperties outboxProperties,
			WebhookMetrics metrics, ProviderErrorCatalog errors) {
		this.providers = providers;
		this.genericFormat = new GenericJsonWebhook(jsonMapper, properties.webhookSigningSecret());
		this.jsonMapper = jsonMapper;
		this.commits = commits;
		this.audit = audit;
		this.inbound = inbound;
		this.statuses = statuses;
		this.messages = messages;
		this.outbox = outbox;
		this.relay = relay;
		this.unmatchedStatusDelay = outboxProperties.unmatchedStatusDelay();
		this.metrics = metrics;
		this.errors = errors;
	}

	/**
	 * Verifies, parses and stores one webhook.
	 * @param request the webhook as it arrived
	 * @param providerName the provider named by the request's {@code provider} parameter,
	 * or {@code null} to recognize it from the request
	 * @return the reply the provider expects
	 * @throws WebhookAuthenticationException if the signature is missing or wrong
	 * @throws InvalidWebhookException if the provider cannot be recognized or the body
	 * parsed
	 */
	public WebhookReply receive(WebhookRequest request, String providerName) {
		Optional<MessagingProvider> provider = Optional.empty();
		WebhookParseResult result;
		try {
			provider = resolve(request, providerName);
			result = provider.isPresent() ? provider.get().parseWebhook(request) : parseGeneric(request);
			checkSizes(result);
		}
		catch (WebhookAuthenticationException ex) {
			this.metrics.rejected(provider.map(MessagingProvider::name).orElse(null));
			throw ex;
		}
		catch (RuntimeException ex) {
			InvalidWebhookException invalid = (ex instanceof InvalidWebhookException known) ? known
					: new InvalidWebhookException("webhook could not be parsed: " + ex.getMessage(), ex);
			String name = provider.map(MessagingProvider::name).orElse(null);
			this.audit.append(name, request.path(), request.contentType(), request.bodyText(), "invalid",
					invalid.getMessage());
			this.metrics.invalid(name);
			throw invalid;
		}

		String outcome = store(result, request.path(), request.contentType(), request.bodyText());
		this.metrics.stored(result, outcome);
		return provider.map((adapter) -> adapter.replyTo(request)).orElse(WebhookReply.EMPTY);
	}

	/**
	 * Parses a generic JSON webhook. Its shared secret may speak for the Mock provider
	 * and for providers the dispatcher has no adapter for, but not for one that signs its
	 * own webhooks.
	 */
	private WebhookParseResult parseGeneric(WebhookRequest request) {
		WebhookParseResult result = this.genericFormat.parse(request, "mock");
		boolean ownScheme = this.providers.find(result.provider())
			.filter((adapter) -> !adapter.name().equals("mock"))
			.isPresent();
		if (ownScheme) {
			throw new WebhookAuthenticationException("generic JSON webhooks cannot speak for provider "
					+ result.provider() + ", which signs its own webhooks");
		}
		return result;
	}

	/**
	 * Rejects ids longer than the columns that store them, so that an authentic but odd
	 * webhook gets 400 rather than a database error.
	 */
	private static void checkSizes(WebhookParseResult result) {
		if (result.provider() != null && result.provider().length() > MAX_PROVIDER_LENGTH) {
			throw new InvalidWebhookException("provider is longer than " + MAX_PROVIDER_LENGTH + " characters");
		}
		for (ProviderEvent event : result.events()) {
			String id = event.providerMessageId();
			if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
				throw new InvalidWebhookException("message id must have 1 to " + MAX_ID_LENGTH + " characters");
			}
			if (event instanceof InboundMessage message && message.waId() != null
					&& message.waId().length() > MAX_ID_LENGTH) {
				throw new InvalidWebhookException("sender id must have at most " + MAX_ID_LENGTH + " characters");
			}
		}
	}

	@Override
	public void accept(WebhookParseResult result) {
		store(result, "playback", null, "");
	}

	private Optional<MessagingProvider> resolve(WebhookRequest request, String providerName) {
		if (providerName != null) {
			return Optional.of(this.providers.get(providerName));
		}
		if (GenericJsonWebhook.recognizes(request)) {
			return Optional.empty();
		}
		return this.providers.all()
			.stream()
			.filter((provider) -> provider.recognizes(request))
			.findFirst()
			.map(Optional::of)
			.orElseThrow(() -> new WebhookAuthenticationException(
					"webhook carries no signature of a configured provider; add ?provider=<name> or sign it"));
	}

	/**
	 * Stores the audit row and the events of one webhook.
	 * @return the audit outcome: {@code accepted}, {@code duplicate} or {@code ignored}
	 */
	private String store(WebhookParseResult result, String path, String contentType, String payload) {
		List<String> outcomes = this.commits.execute(() -> {
			List<String> stored = new ArrayList<>();
			for (ProviderEvent event : result.events()) {
				stored.add(storeEvent(event));
			}
			String outcome = outcome(result, stored);
			this.audit.append(result.provider(), path, contentType, payload, outcome,
					(result.ignoredReason() != null) ? result.ignoredReason() : String.join(", ", stored));
			return stored;
		});
		LOG.info("Webhook from {} with {} event(s): {}", result.provider(), result.events().size(),
				PhoneNumbers.maskNumbersIn(
						(result.ignoredReason() != null) ? "ignored, " + result.ignoredReason() : outcomes.toString()));
		if (outcomes.contains(FORWARDED)) {
			this.relay.wake();
		}
		return outcome(result, outcomes);
	}

	private String storeEvent(ProviderEvent event) {
		if (event instanceof InboundMessage message) {
			if (!this.inbound.markSeen(message.provider(), message.providerMessageId())) {
				return "duplicate inbound " + message.providerMessageId();
			}
			String contact = message.fromPhone().isEmpty() ? message.waId() : message.fromPhone();
			enqueue("incoming", "contact:" + contact, event, IncomingPayload.of(message), null, Duration.ZERO);
			return FORWARDED;
		}
		StatusUpdate update = this.errors.describe((StatusUpdate) event);
		settleUnknownSend(update);
		if (!this.statuses.recordIfHigher(update)) {
			return "status " + update.status().value() + " not above the recorded one";
		}
		Optional<MessageRecord> sent = this.messages.findByProviderMessageId(update.provider(),
				update.providerMessageId());
		StatusPayload payload = StatusPayload.of(update, sent.map(MessageRecord::id).orElse(null),
				sent.map(MessageRecord::externalId).orElse(null));
		// A status can overtake the send response that records its provider id. Waiting
		// gives that send
		// time to complete, and the relay adds our ids when it forwards the status.
		Duration delay = sent.isPresent() ? Duration.ZERO : this.unmatchedStatusDelay;
		enqueue("status", "message:" + update.provider() + ":" + update.providerMessageId(), event, payload,
				update.status().rank(), delay);
		return FORWARDED;
	}

	/**
	 * Attaches the provider's id to a send whose outcome was unknown, when the callback
	 * names our message id. Later repeats of the send replay the status it settled on.
	 */
	private void settleUnknownSend(StatusUpdate update) {
		if (update.messageId() == null) {
			return;
		}
		Map<String, String> details = this.providers.find(update.provider())
			.map((provider) -> provider.providerDetails(update.providerMessageId()))
			.orElse(Map.of(update.provider() + "_id", update.providerMessageId()));
		SendResponse response = new SendResponse(update.status().value(), update.messageId(), update.provider(),
				details);
		if (this.messages.settleUnknown(update.messageId(), update.provider(), update.providerMessageId(),
				this.jsonMapper.writeValueAsString(response))) {
			LOG.info("Settled send {} with unknown outcome as {} {}", update.messageId(), update.provider(),
					PhoneNumbers.maskNumbersIn(update.providerMessageId()));
		}
	}

	private void enqueue(String kind, String orderingKey, ProviderEvent event, Object payload, Integer statusRank,
			Duration delay) {
		this.outbox.enqueue(UUID.randomUUID().toString(), kind, orderingKey, event.provider(),
				event.providerMessageId(), this.jsonMapper.writeValueAsString(payload), statusRank, delay);
	}

	private static String outcome(WebhookParseResult result, List<String> stored) {
		if (result.ignoredReason() != null || stored.isEmpty()) {
			return "ignored";
		}
		return stored.contains(FORWARDED) ? "accepted" : "duplicate";
	}

}
