/// Public keys made by ssh-keygen (OpenSSH 9.2) for these tests, with the fingerprints
/// `ssh-keygen -lf` printed for them (the sk key's wire form was built by hand: no FIDO device).
enum SSHKeyFixtures {
    static let ed25519 = (line: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFMylwiH/4s+xBqw06V1FZpiK5o75kekb8PHioE27Om7 fixture-ed25519@test",
                      fingerprint: "SHA256:KRL6u0VP0h8XuJSQZE5+5xzO0SA4TMwaH8pxb10YAy4")
    static let rsa3072 = (line: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDawf7F0x2kfUTfokzgD63qfEAmDE04exdK+oVfMSAfXCUrlOUQ+b4ckuXUZVrUKuHKSEZ9457kl3TSLQNCWDzU0JYAOzsIuJ/fQy9Zb1EP3ttmv+LWJr8ZsS4ByUMmj4JRH42p4J7VcZIYVRAnaB49A9SyVD8+4qo9IoBAKKqlva/+tlLe7Uu1btlcgL1UjLT+b2fKB1Us1DDt8jVLkv8TAuGoSgo2vMifyip7POYtxfxTDX/s9dg1twiDMnkBOHHVfnHnRyAh70CIXnEvAS0GbMn1U/bXKAwnj9UP+3ybWPzuIek6JhxYR9TQz8cTOVuAvU92NtQ1r8B6wmCsXNnjLd1kqbBTvpuI5rx1PNQTQuel9OstOJc3nhmHon7eQ1i7Xe1rLZs5tyAsg+sCb5t3XliA5wzFbKA0t4Bap8o2h0YkcRlGiI+Xut5EDV8myvFuryyDnElHnTJbCofT/MO+zloWKzak3xmwTvAq7NnSsj1AmBFZPxHjyFeV6BVAOlE= fixture-rsab3072@test",
                      fingerprint: "SHA256:ctnRInjW4FP93ex6K6uc7Y149Q6AEohveMFFsfDbjT0")
    static let ecdsa256 = (line: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBN7+iq+2rqDip3M6BJqMQkfqKZzL/awjGP/2gWNdr+i+vMIzfCHjtGFX1OTr0/grCIco6SSnGeeTxTu6QGodrU= fixture-ecdsab256@test",
                      fingerprint: "SHA256:wUcpRHspAXYsDinCuD7YOEHbTJtToAWioWp9BJft+Ek")
    static let ecdsa384 = (line: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBIJPIO9a+PBFkMoMMSXlD9Mo7Y73CzWP8MDh2Y9/J6rIAjQGyb8U1HjXTa2geUZ8/u6zttZnSVfoom4zNFeFzwXkPgAWE4UPYdMA03j/cHgwwFz7rAsxbI+0g5KKCF5nlg== fixture-ecdsab384@test",
                      fingerprint: "SHA256:7PJCQv/qunXO7l0NDJDdIVf+fMPu66WZlpkQhTRzDB4")
    static let ecdsa521 = (line: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAAtL2zsf/N80NbHk0G4wDHa7pFLenSxhCh686lf2uwjcGeeR7S++JZ/L8xPGTEptWPUtRqyGEr4NKhtT6xV/JNZNQEWuuaXSr5YZxClmgMbZqX8/SJtAZUqOtEXOC+geVAHiJNgsP3PtaulWV5vUZwtxYCJZjLMc27s8hzdh1Uc06P/DA== fixture-ecdsab521@test",
                      fingerprint: "SHA256:3bqXwe10ZtQweVBlogQpDUppuNButDILoGpBYwEYDhs")
    static let rsa1024 = (line: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDR7bF1rTkBXu3jhuMppA13CxeTM0r3eSXGrKlYMK3WhPcRimDoQMdPs35Clj/A/gAgOEUgnpJvOcGkAXww7gQj11z5dicmOM/cuKSrtJtrESFZA1DJ3MVPLxjCVFGwP9+0uxUPe9ZJLBuh23kAVbRUjx+2+XPUN6dKPriXyed6fw== fixture-rsab1024@test",
                      fingerprint: "SHA256:fRxX6Lpb7f1unXUY47DqKLrRyLM3jvXv8zzREhECslw")
    static let skEd25519 = (line: "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fAAAABHNzaDo= fixture-sk@test",
                      fingerprint: "SHA256:/p0CbeE3dk2SyW1OXXsThGc12ezDVD8eGw2/vtztDfk")
}
