package com.reachtown.dispatcher.provider.mock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.reachtown.dispatcher.config.DispatcherProperties;
import com.reachtown.dispatcher.config.MockProperties;
import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.GenericJsonWebhook;
import com.reachtown.dispatcher.provider.MessageStatus;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderEventSink;
import com.reachtown.dispatcher.provider.SendResult;
import com.reachtown.dispatcher.provider.StatusUpdate;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A provider that sends nothing: it returns a made-up id and, when playback is on,
 * produces the {@code sent}, {@code delivered} and {@code read} callbacks a real provider
 * would, so the whole flow runs with no credentials. Its webhooks use the generic JSON
 * format.
 */
@Component
class MockProvider implements MessagingProvider, DisposableBean {

	private static final Logger LOG = LoggerFactory.getLogger(MockProvider.class);

	private static final List<MessageStatus> PLAYBACK = List.of(MessageStatus.SENT, MessageStatus.DELIVERED,
			MessageStatus.READ);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

	private final MockProperties properties;

	private final ObjectProvider<ProviderEventSink> sink;

	private final GenericJsonWebhook webhookFormat;

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
		Thread thread = new Thread(runnable, "mock-playback");
		thread.setDaemon(true);
		return thread;
	});

	MockProvider(MockProperties properties, DispatcherProperties dispatcher, JsonMapper jsonMapper,
			ObjectProvider<ProviderEventSink> sink) {
		this.properties = properties;
		this.sink = sink;
		this.webhookFormat = new GenericJsonWebhook(jsonMapper, dispatcher.webhookSigningSecret());
	}

	@Override
	public String name() {
		return "mock";
	}

	@Override
	public SendResult send(OutboundMessage message) {
		String providerMessageId = "mock-" + UUID.randomUUID();
		LOG.debug("Mock send of {} to {} as {}", message.messageId(), PhoneNumbers.mask(message.recipientPhone()),
				providerMessageId);
		if (this.properties.playback()) {
			schedulePlayback(providerMessageId);
		}
		return new SendResult(providerMessageId, Map.of("mock_id", providerMessageId));
	}

	@Override
	public boolean recognizes(WebhookRequest request) {
		return false;
	}

	@Override
	public WebhookParseResult parseWebhook(WebhookRequest request) {
		return this.webhookFormat.parse(request, name());
	}

	/**
	 * Drops the playbacks not yet due and waits for a running one, without interrupting
	 * it: an interrupt during H2's file I/O closes the database's file.
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.scheduler.shutdown();
		this.scheduler.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void schedulePlayback(String providerMessageId) {
		long delay = this.properties.playbackDelay().toMillis();
		for (int i = 0; i < PLAYBACK.size(); i++) {
			MessageStatus status = PLAYBACK.get(i);
			this.scheduler.schedule(() -> play(providerMessageId, status), delay * (i + 1), TimeUnit.MILLISECONDS);
		}
	}

	private void play(String providerMessageId, MessageStatus status) {
		try {
			StatusUpdate update = new StatusUpdate(name(), providerMessageId, status, status.value(), null, null,
					Instant.now());
			this.sink.getObject().accept(WebhookParseResult.of(name(), update));
		}
		catch (RuntimeException ex) {
			LOG.error("Mock playback of {} for {} failed", status.value(), providerMessageId, ex);
		}
	}

}
