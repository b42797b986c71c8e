package com.reachtown.dispatcher.forward;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StandardWebhooksSignerTests {

	// The vector of WebhookTest.verifyWebhookSignWorks in the Standard Webhooks Java
	// library (github.com/standard-webhooks/standard-webhooks, libraries/java).
	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final Instant TIMESTAMP = Instant.ofEpochSecond(1614265330);

	private static final String PAYLOAD = "{\"test\": 2432232314}";

	private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	@Test
	void signMatchesReferenceVector() {
		StandardWebhooksSigner signer = new StandardWebhooksSigner(SECRET);

		String signature = signer.sign(MESSAGE_ID, TIMESTAMP, PAYLOAD.getBytes(StandardCharsets.UTF_8));

		assertThat(signature).isEqualTo(SIGNATURE);
	}

	@Test
	void signAcceptsSecretWithoutPrefix() {
		StandardWebhooksSigner signer = new StandardWebhooksSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		String signature = signer.sign(MESSAGE_ID, TIMESTAMP, PAYLOAD.getBytes(StandardCharsets.UTF_8));

		assertThat(signature).isEqualTo(SIGNATURE);
	}

	@Test
	void signMatchesIndependentHmacOverUtf8Body() throws Exception {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (i * 7);
		}
		String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
		String body = "{\"from_phone\":\"+5511987654321\",\"message_text\":\"Olá, tudo bem?\"}";
		Instant timestamp = Instant.ofEpochSecond(1767225600, 999_000_000);

		String signature = new StandardWebhooksSigner(secret).sign("evt-42", timestamp,
				body.getBytes(StandardCharsets.UTF_8));

		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		byte[] expected = mac.doFinal(("evt-42.1767225600." + body).getBytes(StandardCharsets.UTF_8));
		assertThat(signature).isEqualTo("v1," + Base64.getEncoder().encodeToString(expected));
	}

	@Test
	void signRejectsIdContainingDot() {
		StandardWebhooksSigner signer = new StandardWebhooksSigner(SECRET);

		assertThatIllegalArgumentException().isThrownBy(() -> signer.sign("evt.1", TIMESTAMP, new byte[0]))
			.withMessageContaining("evt.1");
	}

	@Test
	void constructorRejectsSecretThatIsNotBase64() {
		String secret = "whsec_not*base64!";

		assertThatIllegalArgumentException().isThrownBy(() -> new StandardWebhooksSigner(secret))
			.withMessageContaining("base64")
			.withMessageNotContaining(secret);
	}

	@Test
	void constructorRejectsKeyShorterThan24Bytes() {
		String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);

		assertThatIllegalArgumentException().isThrownBy(() -> new StandardWebhooksSigner(secret))
			.withMessageContaining("16 bytes")
			.withMessageNotContaining(secret);
	}

}
