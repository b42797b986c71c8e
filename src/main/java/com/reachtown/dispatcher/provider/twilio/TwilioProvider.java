package com.reachtown.dispatcher.provider.twilio;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.reachtown.dispatcher.phone.PhoneNumbers;
import com.reachtown.dispatcher.provider.InvalidWebhookException;
import com.reachtown.dispatcher.provider.MessageTemplate;
import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.OutboundMessage;
import com.reachtown.dispatcher.provider.ProviderErrorCatalog;
import com.reachtown.dispatcher.provider.ProviderEvent;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.SendResult;
import com.reachtown.dispatcher.provider.StatusUpdate;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends WhatsApp messages through Twilio's Messages API and verifies and parses Twilio's
 * webhooks. Webhook signatures are checked against the public URL, because behind a proxy
 * the URL of the incoming request differs from the one Twilio signed.
 * <p>
 * Each send's {@code StatusCallback} URL carries the dispatcher's message id as the
 * {@code message_id} query parameter. Twilio calls that URL as given and signs it with
 * its query, so a status callback names our message even when the send timed out before
 * Twilio's response returned the message SID.
 */
public class TwilioProvider implements MessagingProvider {

	/** The provider's name in configuration, requests and events. */
	public static final String NAME = "twilio";

	static final String SIGNATURE_HEADER = "X-Twilio-Signature";

	static final String STATUS_CALLBACK_PATH = "/v1/webhooks/status";

	static final String MESSAGE_ID_PARAMETER = "message_id";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(TwilioProvider.class);

	private static final WebhookReply EMPTY_TWIML = new WebhookReply("text/xml", "<Response/>");

	private final TwilioProperties properties;

	private final String publicBaseUrl;

	private final TwilioRestClient client;

	private final RequestValidator requestValidator;

	private final TwilioWebhookParser parser;

	private final ProviderErrorCatalog errors;

	/**
	 * Creates the adapter with its own REST client and the built-in error table.
	 * @param properties the Twilio settings, with an account SID
	 * @param publicBaseUrl the dispatcher's public base URL, without a trailing slash
	 * @param clock the source of event times
	 */
	public TwilioProvider(TwilioProperties properties, String publicBaseUrl, Clock clock) {
		this(properties, publicBaseUrl, clock, ProviderErrorCatalog.builtIn());
	}

	/**
	 * Creates the adapter with its own REST client.
	 * @param properties the Twilio settings, with an account SID
	 * @param publicBaseUrl the dispatcher's public base URL, without a trailing slash
	 * @param clock the source of event times
	 * @param errors the error table that maps Twilio's error codes
	 */
	public TwilioProvider(TwilioProperties properties, String publicBaseUrl, Clock clock, ProviderErrorCatalog errors) {
		this.errors = errors;
		this.properties = properties;
		this.publicBaseUrl = publicBaseUrl;
		this.client = new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
			.httpClient(new TwilioHttpClient(properties.apiBaseUrlText(), properties.connectTimeout(),
					properties.readTimeout(), properties.maxConnections()))
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
		return new SendResult(sent.getSid(), providerDetails(sent.getSid()));
	}

	@Override
	public Map<String, String> providerDetails(String providerMessageId) {
		return Map.of("twilio_sid", providerMessageId);
	}

	/**
	 * Builds the create request: {@code Body} for a text or a caption, {@code ContentSid}
	 * and {@code ContentVariables} (a JSON object as text) for a template,
	 * {@code MediaUrl} for a media file.
	 */
	private MessageCreator creator(OutboundMessage message) {
		PhoneNumber to = new PhoneNumber("whatsapp:" + message.recipientPhone());
		MessageCreator creator = this.properties.hasWhatsappFrom()
				? Message.creator(to, new PhoneNumber(whatsappFrom()), (String) null)
				: Message.creator(to, this.properties.messagingServiceSid(), (String) null);
		if (message.body() != null) {
			creator.setBody(message.body());
		}
		if (message.template() != null) {
			setTemplate(creator, message.template());
		}
		if (message.mediaUrl() != null) {
			creator.setMediaUrl(List.of(message.mediaUrl()));
		}
		return creator.setStatusCallback(statusCallbackUrl(message.messageId()));
	}

	private static void setTemplate(MessageCreator creator, MessageTemplate template) {
		if (template.contentSid() == null) {
			throw new ProviderException(NAME, ProviderException.Kind.REJECTED, null,
					"Twilio sends templates by content SID; set template.content_sid (HX…) instead of template.name",
					null, null);
		}
		creator.setContentSid(template.contentSid());
		if (!template.variables().isEmpty()) {
			creator.setContentVariables(JSON.writeValueAsString(template.sortedVariables()));
		}
	}

	private String statusCallbackUrl(String messageId) {
		return this.publicBaseUrl + STATUS_CALLBACK_PATH + "?" + MESSAGE_ID_PARAMETER + "="
				+ URLEncoder.encode(messageId, StandardCharsets.UTF_8);
	}

	private Message create(MessageCreator creator) {
		try {
			return creator.create(this.client);
		}
		catch (ApiException ex) {
			throw TwilioErrors.toProviderException(ex, TwilioHttpClient.takeRetryAfter(), this.errors);
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

		return WebhookParseResult.of(NAME, withMessageId(this.parser.parse(parameters), request));
	}

	/**
	 * Adds the dispatcher's message id from the signed callback URL to a status update.
	 */
	private static ProviderEvent withMessageId(ProviderEvent event, WebhookRequest request) {
		if (!(event instanceof StatusUpdate update) || request.queryString() == null) {
			return event;
		}
		String messageId = UriComponentsBuilder.newInstance()
			.query(request.queryString())
			.build()
			.getQueryParams()
			.getFirst(MESSAGE_ID_PARAMETER);
		if (messageId == null || messageId.isBlank()) {
			return event;
		}
		return update.withMessageId(URLDecoder.decode(messageId, StandardCharsets.UTF_8));
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
