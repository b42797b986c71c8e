package com.reachtown.dispatcher.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The durable paths on the embedded H2 database, in PostgreSQL mode as in production.
 */
class DeliveryH2IntegrationTests extends AbstractDeliveryIntegrationTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registerCommonProperties(registry);
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:delivery;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
	}

}
