package com.reachtown.dispatcher.provider.twilio;

import java.time.Clock;
import java.util.Map;

import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.SendResult;
import com.reachtown.dispatcher.provider.WebhookAuthenticationException;
import com.reachtown.dispatcher.provider.WebhookParseResult;
import com.reachtown.dispatcher.provider.WebhookReply;
import com.reachtown.dispatcher.provider.WebhookRequest;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends WhatsApp messages through Twilio's Messages API and verifies and parses Twilio's
 * webhooks. Webhook signatures are checked against the public URL, because behind a proxy
 * the URL of the incoming request differs from the one Twilio signed.
 */
public class TwilioProvider implements MessagingProvider {

	/** The provider's name in configuration, requests and events. */
	public static final String NAME = "twilio";

	static final String SIGNATURE_HEADER = "X-Twilio-Signature";

	static final String STATUS_CALLBACK_PATH = "/v1/webhooks/status";

	private static final Logger logger = LoggerFactory.getLogger(TwilioProvider.class);

	private static final WebhookReply EMPTY_TWIML = new WebhookReply("text/xml", "<Response/>");

	private final TwilioProperties properties;

	private final String publicBaseUrl;

	private final TwilioRestClient client;

	private final RequestValidator requestValidator;

	private final TwilioWebhookParser parser;

	/**
	 * Creates the adapter with its own REST client.
	 * @param properties the Twilio settings, with an account SID
	 * @param publicBaseUrl the dispatcher's public base URL, without a trailing slash
	 * @param clock the source of event times
	 */
	public TwilioProvider(TwilioProperties properties, String publicBaseUrl, Clock clock) {
		this.properties = properties;
		this.publicBaseUrl = publicBaseUrl;
		this.client = new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
			.httpClient(new TwilioHttpClient(properties.apiBaseUrlText(), properties.connectTimeout(),
					properties.readTimeout()))
			.build();
		this.requestValidator = new RequestValidator(properties.authToken());
		this.parser = new TwilioWebhookParser(clock);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public SendResult send(OutboundMessage message) {
		Message sent = create(creator(message));

		logger.info("Sent message {} through Twilio as {} to {}", message.messageId(), sent.getSid(),
				PhoneNumbers.mask(message.recipientPhone()));
		return new SendResult(sent.getSid(), Map.of("twilio_sid", sent.getSid()));
	}

	private MessageCreator creator(OutboundMessage message) {
		PhoneNumber to = new PhoneNumber("whatsapp:" + message.recipientPhone());
		MessageCreator creator = this.properties.hasWhatsappFrom()
				? Message.creator(to, new PhoneNumber(whatsappFrom()), message.body())
				: Message.creator(to, this.properties.messagingServiceSid(), message.body());
		return creator.setStatusCallback(this.publicBaseUrl + STATUS_CALLBACK_PATH);
	}

	private Message create(MessageCreator creator) {
		try {
			return creator.create(this.client);
		}
		catch (ApiException ex) {
			throw TwilioErrors.toProviderException(ex, TwilioHttpClient.takeRetryAfter());
		}
	}

	private String whatsappFrom() {
		String from = this.properties.whatsappFrom().strip();
		return from.regionMatches(true, 0, "whatsapp:", 0, 9) ? from : "whatsapp:" + from;
	}

	@Override
	public boolean recognizes(WebhookRequest request) {
		if (request.header(SIGNATURE_HEADER) != null) {
			return true;
		}
		if (!request.isForm()) {
			return false;
		}
		Map<String, String> parameters = request.formParameters();
		return parameters.containsKey(TwilioWebhookParser.MESSAGE_SID)
				&& parameters.containsKey(TwilioWebhookParser.ACCOUNT_SID);
	}

	/**
	 * Verifies {@code X-Twilio-Signature} over the public URL and the form body's
	 * parameters (never the query's), then parses the webhook.
	 */
	@Override
	public WebhookParseResult parseWebhook(WebhookRequest request) {
		Map<String, String> parameters = request.formParameters();
		verifySignature(request, parameters);
		if (!request.isForm()) {
			throw new InvalidWebhookException("Twilio webhook is not form-encoded: " + request.contentType());
		}

		return WebhookParseResult.of(NAME, this.parser.parse(parameters));
	}

	private void verifySignature(WebhookRequest request, Map<String, String> parameters) {
		String signature = request.header(SIGNATURE_HEADER);
		if (signature == null || signature.isEmpty()) {
			throw new WebhookAuthenticationException("Twilio webhook has no " + SIGNATURE_HEADER + " header");
		}
		String url = this.publicBaseUrl + request.pathAndQuery();
		if (!this.requestValidator.validate(url, parameters, signature)) {
			throw new WebhookAuthenticationException("Twilio webhook has an invalid " + SIGNATURE_HEADER + " for " + url
					+ "; check TWILIO_AUTH_TOKEN and DISPATCHER_PUBLIC_URL");
		}
	}

	/**
	 * Returns empty TwiML for an incoming message, so that Twilio sends no reply, and an
	 * empty 200 for a status callback.
	 */
	@Override
	public WebhookReply replyTo(WebhookRequest request) {
		if (request.isForm() && TwilioWebhookParser.isStatusCallback(request.formParameters())) {
			return WebhookReply.EMPTY;
		}
		return EMPTY_TWIML;
	}

}
