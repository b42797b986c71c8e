package com.reachtown.dispatcher.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.reachtown.dispatcher.DispatcherApplication;
import com.reachtown.dispatcher.support.GenericWebhooks;
import com.reachtown.dispatcher.support.HttpTestClient;
import com.reachtown.dispatcher.support.PostgresDatabase;
import com.reachtown.dispatcher.support.ReachTownStub;
import com.reachtown.dispatcher.support.ReachTownStub.Forward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two dispatcher instances on one PostgreSQL database, as in a scaled-out deployment,
 * sending through a WireMock Twilio and forwarding to a WireMock reach-town.
 */
class MultiInstancePostgresIntegrationTests {

	private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

	private static PostgresDatabase database;

	private static WireMockServer twilio;

	private static ReachTownStub reachTown;

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startInstances() {
		database = PostgresDatabase.create();
		twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		twilio.start();
		twilio.stubFor(post(urlPathEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withFixedDelay(300)
			.withBody(twilioMessageCreated())));
		reachTown = new ReachTownStub();
		instances.add(startInstance());
		instances.add(startInstance());
	}

	@AfterAll
	static void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
		if (twilio != null) {
			twilio.stop();
		}
		if (reachTown != null) {
			reachTown.stop();
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	void concurrentSendsAcrossInstancesReachTwilioOnce() throws Exception {
		String body = """
				{"recipient_phone":"+5564999998888","message_body":"Olá João!","external_id":"campaign_7_contact_%s"}"""
			.formatted(UUID.randomUUID());
		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			HttpTestClient client = client(instances.get(i % 2));
			calls.add(() -> client.send(body));
		}

		List<HttpResponse<String>> responses = runAll(calls, 50);

		List<HttpResponse<String>> fresh = responses.stream()
			.filter((response) -> response.statusCode() == 200)
			.filter((response) -> response.headers().firstValue("Idempotent-Replayed").isEmpty())
			.toList();
		assertThat(fresh).hasSize(1);
		assertThat(responses).allMatch((response) -> response.statusCode() == 200 || response.statusCode() == 409);
		assertThat(twilio.findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH)))).hasSize(1);
	}

	@Test
	void outboxSharedAndDeliveredOnce() throws Exception {
		reachTown.answer(503);
		String run = UUID.randomUUID().toString().substring(0, 8);
		int events = 1000;
		List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < events; i++) {
			HttpTestClient client = client(instances.get(i % 2));
			String json = GenericWebhooks.inbound("+556499%07d".formatted(i), run + " " + i, run + "-" + i);
			calls.add(() -> client.post("/v1/webhooks/incoming", "application/json",
					json.getBytes(StandardCharsets.UTF_8), "X-Webhook-Signature", GenericWebhooks.signature(json)));
		}
		assertThat(runAll(calls, 8)).allMatch((response) -> response.statusCode() == 200);

		reachTown.answer(200);

		await().atMost(Duration.ofSeconds(90)).until(() -> ofRun(run).size() >= events);
		List<Forward> accepted = ofRun(run);
		assertThat(accepted).hasSize(events);
		assertThat(accepted.stream().map(Forward::eventId).distinct()).hasSize(events);
		JdbcClient jdbc = instances.get(0).getBean(JdbcClient.class);
		assertThat(jdbc
			.sql("select count(distinct lease_owner) from outbox_events where state = 'DELIVERED'"
					+ " and payload like ?")
			.param("%" + run + "%")
			.query(Long.class)
			.single()).isEqualTo(2L);
	}

	private static List<Forward> ofRun(String run) {
		return reachTown.accepted(ReachTownStub.INCOMING)
			.stream()
			.filter((forward) -> forward.field("message_text").startsWith(run + " "))
			.toList();
	}

	private static ConfigurableApplicationContext startInstance() {
		Map<String, String> properties = Map.ofEntries(Map.entry("server.port", "0"),
				Map.entry("spring.datasource.url", database.jdbcUrl()),
				Map.entry("spring.datasource.username", database.user()), Map.entry("spring.datasource.password", ""),
				Map.entry("dispatcher.provider", "twilio"), Map.entry("dispatcher.twilio.account-sid", ACCOUNT_SID),
				Map.entry("dispatcher.twilio.auth-token", "test-auth-token"),
				Map.entry("dispatcher.twilio.whatsapp-from", "+14155238886"),
				Map.entry("dispatcher.twilio.api-base-url", twilio.baseUrl()),
				Map.entry("dispatcher.reach-town.base-url", reachTown.baseUrl()),
				Map.entry("dispatcher.webhook-signing-secret", GenericWebhooks.SECRET),
				Map.entry("dispatcher.mock.playback", "false"), Map.entry("dispatcher.outbox.initial-delay", "100ms"),
				Map.entry("dispatcher.outbox.max-delay", "400ms"), Map.entry("dispatcher.outbox.poll-interval", "50ms"),
				Map.entry("dispatcher.outbox.max-attempts", "1000"),
				Map.entry("resilience4j.retry.instances.reachTown.wait-duration", "10ms"),
				Map.entry("resilience4j.circuitbreaker.instances.reachTown.wait-duration-in-open-state", "300ms"));
		// Given as arguments, because they must win over application.yml as environment
		// variables would.
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(DispatcherApplication.class).run(arguments);
	}

	private static HttpTestClient client(ConfigurableApplicationContext instance) {
		return new HttpTestClient(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
	}

	private static <T> List<T> runAll(List<Callable<T>> calls, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> result : pool.invokeAll(calls)) {
				results.add(result.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String twilioMessageCreated() {
		try (InputStream json = MultiInstancePostgresIntegrationTests.class
			.getResourceAsStream("/twilio/message-created.json")) {
			return new String(json.readAllBytes(), StandardCharsets.UTF_8).replace("{{ACCOUNT_SID}}", ACCOUNT_SID);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
