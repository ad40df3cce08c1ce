"""The hand-over worker: delivers the outbox (mail, Telegram), reads reply mails, reminds, cleans up."""
