package com.reachtown.dispatcher.provider.twilio;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.reachtown.dispatcher.logging.RequestIds;
import com.reachtown.dispatcher.provider.OutboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passes the request id of the current request on to Twilio's API in
 * {@code X-Request-Id}.
 */
class TwilioRequestIdTests {

	private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	private static final String MESSAGE_JSON = """
			{"sid": "SM0123456789abcdef0123456789abcdef", "account_sid": "%s", "status": "queued",
			 "to": "whatsapp:+5564999998888", "from": "whatsapp:+14155238886"}""".formatted(ACCOUNT_SID);

	private final WireMockServer twilio = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private TwilioProvider provider;

	@BeforeEach
	void startTwilio() {
		this.twilio.start();
		this.twilio.stubFor(post(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")).willReturn(
				aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(MESSAGE_JSON)));
		TwilioProperties properties = new TwilioProperties(ACCOUNT_SID, "test-auth-token", "+14155238886", null,
				URI.create(this.twilio.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 200);
		this.provider = new TwilioProvider(properties, "https://dispatcher.example.com", Clock.systemUTC());
	}

	@AfterEach
	void stopTwilio() {
		this.twilio.stop();
		MDC.clear();
	}

	@Test
	void sendCarriesCurrentRequestId() {
		MDC.put(RequestIds.MDC_KEY, "req-42");

		this.provider.send(new OutboundMessage("msg-42", "+5564999998888", "hello"));

		assertThat(sentRequests()).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("X-Request-Id")).isEqualTo("req-42"));
	}

	@Test
	void sendOutsideRequestHasNoRequestId() {
		this.provider.send(new OutboundMessage("msg-43", "+5564999998888", "hello"));

		assertThat(sentRequests()).singleElement()
			.satisfies((request) -> assertThat(request.containsHeader("X-Request-Id")).isFalse());
	}

	private List<LoggedRequest> sentRequests() {
		return this.twilio.findAll(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")));
	}

}
