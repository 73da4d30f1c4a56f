package com.bowwow.signal.propagation;

import java.util.List;

/**
 * Durable work that must happen exactly when receipts are written: it runs inside the
 * delivery transaction (e.g. an outbox event), so it commits with the receipts or not at
 * all. Keep it to one cheap write per batch: it sits on the wave's critical path.
 */
interface ArrivalEffect {

	void delivered(List<Receipt> receipts);

}
