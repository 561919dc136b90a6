import MitredenCLI

await MitredenMain.run()
